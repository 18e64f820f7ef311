/** @module `greet`: started from the page with a name; answers, and remembers how many greetings it gave. */
import { defineJob, GfaError, trigger, type JobKv } from 'gfa';

/** The answer the page shows. */
export interface Greeting {
  message: string;
  count: number;
}

/** Checks the untrusted input by hand (any Standard Schema validator, such as zod, works too). */
function nameOf(input: unknown): string {
  const name = typeof input === 'object' && input !== null ? (input as { name?: unknown }).name : undefined;
  if (typeof name !== 'string' || name.trim() === '' || name.length > 100) {
    throw new GfaError('E_INPUT', 'send { "name": "…" } with a name of 1 to 100 characters');
  }
  return name.trim();
}

/** Greets `input.name` and counts the greeting. */
export async function greet(kv: JobKv, input: unknown): Promise<Greeting> {
  const name = nameOf(input);
  const count = Number((await kv.get('greetings/count')) ?? 0) + 1;
  kv.set('greetings/count', String(count));
  return { message: `Hello, ${name}!`, count };
}

/** The `greet` job, started from the page. */
export default defineJob({
  on: [trigger()],
  run: (ctx) => greet(ctx.kv, ctx.input),
});
