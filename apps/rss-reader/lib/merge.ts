/** @module Merging freshly fetched items into the stored list: dedupe by id, newest first, bounded. */
import type { FeedItem, ParsedFeed } from './types.ts';

/** How many items are kept per feed. */
export const MAX_ITEMS_PER_FEED = 200;

/**
 * Returns the new stored list: fetched items replace stored ones with the same id (feeds fix typos)
 * but keep their first `seenAt`; ordering is by `published` (or `seenAt` when undated), newest first;
 * at most `max` items. Also returns how many items were new.
 */
export function mergeItems(
  stored: FeedItem[],
  fetched: ParsedFeed['items'],
  now: string,
  max = MAX_ITEMS_PER_FEED,
): { items: FeedItem[]; added: number } {
  const byId = new Map(stored.map((it) => [it.id, it]));
  let added = 0;
  // Feed order is newest first by convention; tiny offsets keep that order for undated items.
  const base = Date.parse(now);
  fetched.forEach((it, i) => {
    const old = byId.get(it.id);
    if (!old) added++;
    byId.set(it.id, { ...it, seenAt: old?.seenAt ?? new Date(base - i).toISOString() });
  });
  const items = [...byId.values()].sort((a, b) => sortKey(b).localeCompare(sortKey(a)) || a.id.localeCompare(b.id));
  return { items: items.slice(0, max), added };
}

function sortKey(it: FeedItem): string {
  return it.published ?? it.seenAt;
}

/** Keeps only read ids that still name a stored item, so `read.json` stays bounded too. */
export function pruneRead(read: string[], items: FeedItem[]): string[] {
  const ids = new Set(items.map((it) => it.id));
  return read.filter((id) => ids.has(id));
}
