/** @module `remove-feed`: unsubscribe and delete the feed's keys. */
import { defineJob, trigger } from 'gfa';
import { indexed } from '../lib/feed-index.ts';
import { removeFeedInput } from '../lib/schemas.ts';
import { GfaError } from '../lib/errors.ts';
import { feedKeys, getMeta, type Kv } from '../lib/store.ts';

/** Deletes every key of the feed. Unknown ids are an `E_NOT_FOUND` error. */
export async function removeFeed(kv: Kv, input: { feedId: string }): Promise<{ feedId: string; removed: true }> {
  if (!(await getMeta(kv, input.feedId))) {
    throw new GfaError('E_NOT_FOUND', `no feed with id ${input.feedId}; it may have been removed already (reload the page)`);
  }
  for (const key of feedKeys(input.feedId)) await kv.delete(key);
  return { feedId: input.feedId, removed: true };
}

/** The `remove-feed` job. In its own file, so its bundle carries only its code; `index.json` follows what it changed. */
export default defineJob({
  on: [trigger({ input: removeFeedInput })],
  run: (ctx) => indexed(ctx.kv, removeFeed(ctx.kv, ctx.input), (o) => [o.feedId]),
});
