/** The doubles' middleware chain: the first layer listed sees the request first, absent layers are skipped, and the latency layer waits on the injected clock. */
import { describe, expect, it } from 'vitest';
import { chain, latency, type Middleware } from '../../framework/dev/chain.ts';
import { manualClock } from '../../framework/dev/clock.ts';

const tag = (name: string, seen: string[]): Middleware => (next) => async (req) => {
  seen.push(`${name}>`);
  const res = await next(req);
  seen.push(`<${name}`);
  return res;
};

describe('chain', () => {
  it('runs layers outermost first and skips absent ones', async () => {
    const seen: string[] = [];
    const handler = chain(async () => (seen.push('route'), new Response('ok')), tag('cors', seen), undefined, tag('limit', seen));
    expect(await (await handler(new Request('http://x/'))).text()).toBe('ok');
    expect(seen).toEqual(['cors>', 'limit>', 'route', '<limit', '<cors']);
  });

  it('latency: the answer waits on the clock; 0 adds no layer', async () => {
    const clock = manualClock();
    expect(latency(clock, 0)).toBeUndefined();
    let answered = false;
    const pending = chain(async () => new Response('late'), latency(clock, 250))(new Request('http://x/')).then((r) => ((answered = true), r));
    await clock.advance(249);
    expect(answered).toBe(false);
    await clock.advance(1);
    expect(await (await pending).text()).toBe('late');
  });
});
