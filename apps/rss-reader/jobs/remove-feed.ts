/** @module `remove-feed`: unsubscribe and delete the feed's keys. */
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
