/** @module `mark-read`: mark some items, or all items, of a feed as read. */
import { defineJob, trigger } from 'gfa';
import { markReadInput } from '../lib/schemas.ts';
import { GfaError } from '../lib/errors.ts';
import { getItems, getMeta, getRead, keys, putJson, type Kv } from '../lib/store.ts';

/** Input of `mark-read`. */
export interface MarkReadInput {
  feedId: string;
  itemIds?: string[];
  all?: boolean;
}

/** Adds the items to `read.json` (ids no longer stored are ignored). Returns the feed's unread count. */
export async function markRead(kv: Kv, input: MarkReadInput): Promise<{ feedId: string; unread: number }> {
  if (!(await getMeta(kv, input.feedId))) {
    throw new GfaError('E_NOT_FOUND', `no feed with id ${input.feedId}; it may have been removed (reload the page)`);
  }
  const items = await getItems(kv, input.feedId);
  const stored = new Set(items.map((it) => it.id));
  const before = await getRead(kv, input.feedId);
  const read = new Set(before);
  for (const id of input.all ? stored : (input.itemIds ?? [])) if (stored.has(id)) read.add(id);
  if (read.size !== before.length) {
    // Keep the stored order (newest first) so the value is deterministic.
    await putJson(kv, keys.read(input.feedId), items.map((it) => it.id).filter((id) => read.has(id)));
  }
  return { feedId: input.feedId, unread: items.length - read.size };
}

/** The `mark-read` job: mark items read from the page. In its own file, so its bundle carries only its code. */
export default defineJob({
  on: [trigger({ input: markReadInput })],
  run: (ctx) => markRead(ctx.kv, ctx.input),
});
