/** @module `mark-read`: mark some items, or all items, of a feed as read (or some as unread again). */
import { defineJob, trigger } from 'gfa';
import { indexed } from '../lib/feed-index.ts';
import { markReadInput } from '../lib/schemas.ts';
import { GfaError } from '../lib/errors.ts';
import { getItems, getMeta, getRead, keys, putJson, type Kv } from '../lib/store.ts';

/** Input of `mark-read`. */
export interface MarkReadInput {
  feedId: string;
  itemIds?: string[];
  all?: boolean;
  /** Mark `itemIds` unread instead. */
  unread?: boolean;
}

/** Adds the items to (or takes them out of) `read.json`; ids no longer stored are ignored. Returns the feed's unread count. */
export async function markRead(kv: Kv, input: MarkReadInput): Promise<{ feedId: string; unread: number }> {
  if (!(await getMeta(kv, input.feedId))) {
    throw new GfaError('E_NOT_FOUND', `no feed with id ${input.feedId}; it may have been removed (reload the page)`);
  }
  const items = await getItems(kv, input.feedId);
  const stored = new Set(items.map((it) => it.id));
  const before = await getRead(kv, input.feedId);
  const read = new Set(before.filter((id) => stored.has(id)));
  const chosen = input.all ? stored : (input.itemIds ?? []);
  for (const id of chosen) {
    if (!stored.has(id)) continue;
    if (input.unread) read.delete(id);
    else read.add(id);
  }
  if (read.size !== before.length || input.unread) {
    // Keep the stored order (newest first) so the value is deterministic.
    const next = items.map((it) => it.id).filter((id) => read.has(id));
    if (next.join() !== before.join()) await putJson(kv, keys.read(input.feedId), next);
  }
  return { feedId: input.feedId, unread: items.length - read.size };
}

/** The `mark-read` job. In its own file, so its bundle carries only its code; `index.json` follows what it changed. */
export default defineJob({
  on: [trigger({ input: markReadInput })],
  run: (ctx) => indexed(ctx.kv, markRead(ctx.kv, ctx.input), (o) => [o.feedId]),
});
