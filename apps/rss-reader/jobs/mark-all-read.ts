/** @module `mark-all-read`: mark every item of every feed (or of the listed feeds) read, in one run. */
import { defineJob, trigger } from 'gfa';
import { indexed } from '../lib/feed-index.ts';
import { markAllReadInput } from '../lib/schemas.ts';
import { getItems, getRead, keys, listFeedIds, putJson, type Kv } from '../lib/store.ts';

/** Input of `mark-all-read`: `seenBefore` spares items that arrived after the page loaded. */
export interface MarkAllReadInput {
  feedIds?: string[];
  /** ISO 8601: only items first seen at or before this time. */
  seenBefore?: string;
}

/** Marks items read; returns how many changed and in which feeds. Unknown feed ids are skipped. */
export async function markAllRead(kv: Kv, input: MarkAllReadInput = {}): Promise<{ feeds: number; marked: number; feedIds: string[] }> {
  const all = await listFeedIds(kv);
  const ids = input.feedIds ? all.filter((id) => input.feedIds!.includes(id)) : all;
  let feeds = 0;
  let marked = 0;
  const feedIds: string[] = [];
  for (const id of ids) {
    const [items, before] = await Promise.all([getItems(kv, id), getRead(kv, id)]);
    const read = new Set(before);
    const fresh = items.filter((it) => !read.has(it.id) && (!input.seenBefore || it.seenAt <= input.seenBefore));
    if (fresh.length === 0) continue;
    for (const it of fresh) read.add(it.id);
    await putJson(kv, keys.read(id), items.map((it) => it.id).filter((i) => read.has(i)));
    feeds++;
    feedIds.push(id);
    marked += fresh.length;
  }
  return { feeds, marked, feedIds };
}

/** The `mark-all-read` job. In its own file, so its bundle carries only its code; `index.json` follows what it changed. */
export default defineJob({
  on: [trigger({ input: markAllReadInput })],
  run: (ctx) => indexed(ctx.kv, markAllRead(ctx.kv, ctx.input), (o) => o.feedIds),
});
