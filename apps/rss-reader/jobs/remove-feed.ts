/** @module `remove-feed`: unsubscribe and delete the feed's keys. */
import { defineJob, trigger } from 'gfa';
import { removeFeedInput } from '../lib/schemas.ts';
import { GfaError } from '../lib/errors.ts';
import { getMeta, keys, type Kv } from '../lib/store.ts';

/** Deletes `meta.json`, `items.json` and `read.json` of the feed. Unknown ids are an `E_NOT_FOUND` error. */
export async function removeFeed(kv: Kv, input: { feedId: string }): Promise<{ feedId: string; removed: true }> {
  if (!(await getMeta(kv, input.feedId))) {
    throw new GfaError('E_NOT_FOUND', `no feed with id ${input.feedId}; it may have been removed already (reload the page)`);
  }
  for (const key of [keys.meta(input.feedId), keys.items(input.feedId), keys.read(input.feedId)]) await kv.delete(key);
  return { feedId: input.feedId, removed: true };
}

/** The `remove-feed` job: unsubscribe from the page. In its own file, so its bundle carries only its code. */
export default defineJob({
  on: [trigger({ input: removeFeedInput })],
  run: (ctx) => removeFeed(ctx.kv, ctx.input),
});
