/** @module `add-feed`: subscribe to a feed by URL; fetches it once so the page shows items at once. */
import { defineJob, trigger } from 'gfa';
import { addFeedInput } from '../lib/schemas.ts';
import { GfaError } from '../lib/errors.ts';
import { feedIdOf } from '../lib/hash.ts';
import type { FetchLimits } from '../lib/http.ts';
import { refreshFeed } from '../lib/refresh.ts';
import { getMeta, type Kv } from '../lib/store.ts';

/** Output of `add-feed`. */
export interface AddFeedOutput {
  feedId: string;
  title: string;
  /** False when the feed was already subscribed (nothing changed). */
  added: boolean;
  items: number;
}

/** Subscribes `input.url`. A URL that does not serve a feed fails the job and stores nothing. */
export async function addFeed(kv: Kv, input: { url: string }, now = new Date().toISOString(), limits?: FetchLimits): Promise<AddFeedOutput> {
  const id = feedIdOf(input.url);
  const existing = await getMeta(kv, id);
  if (existing) return { feedId: id, title: existing.title, added: false, items: 0 };
  try {
    const { meta, added } = await refreshFeed(kv, { id, url: new URL(input.url).href, title: new URL(input.url).host, addedAt: now }, now, limits);
    return { feedId: id, title: meta.title, added: true, items: added };
  } catch (err) {
    if (err instanceof GfaError) throw new GfaError(err.code, `cannot subscribe to ${new URL(input.url).host}: ${err.message}`, { cause: err });
    throw err;
  }
}

/** The `add-feed` job: subscribe to a feed from the page. In its own file, so its bundle carries only its code. */
export default defineJob({
  on: [trigger({ input: addFeedInput })],
  run: (ctx) => addFeed(ctx.kv, ctx.input),
});
