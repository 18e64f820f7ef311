/**
 * The doubles' middleware chain (DESIGN.md §7): each layer wraps the next, fetch-style, in the order
 * CORS → clock/latency → rate limit → auth → route. A double builds its REST handler as
 * `chain(routes, cors, latency, rateLimit)`; a layer that is not there yet is simply not listed.
 */
import type { Clock } from './clock.ts';

/** A fetch-style handler. */
export type Handler = (req: Request) => Promise<Response>;

/** One layer: gets the next handler, gives back a handler. */
export type Middleware = (next: Handler) => Handler;

/** `handler` behind `layers`, the first listed outermost (it sees the request first). */
export function chain(handler: Handler, ...layers: (Middleware | undefined)[]): Handler {
  return layers.filter((l): l is Middleware => l !== undefined).reduceRight<Handler>((next, layer) => layer(next), handler);
}

/**
 * The clock/latency layer: every answer waits `ms` on `clock` before the request goes on (0: no
 * wait). The forges' answers take time too; a page tested against a double that answers in 1 ms
 * never shows its pending states.
 */
export function latency(clock: Clock, ms: number): Middleware | undefined {
  if (!(ms > 0)) return undefined;
  return (next) => async (req) => {
    await clock.sleep(ms);
    return next(req);
  };
}
