/**
 * @module Merging freshly fetched items into the stored list, and pruning it. The bound: at most
 * {@link MAX_ITEMS_PER_FEED} items per feed (newest kept), and read items that have left the feed are
 * dropped {@link READ_RETENTION_DAYS} days after they were first seen. Starred items are always kept.
 */
import type { FeedItem, ParsedFeed } from './types.ts';

/** How many items are kept per feed (starred ones on top of that). */
export const MAX_ITEMS_PER_FEED = 200;
/** Read items no longer in the feed are dropped this long after first seen. */
export const READ_RETENTION_DAYS = 30;

/** What pruning must keep or may drop. */
export interface PruneState {
  read: ReadonlySet<string>;
  starred: ReadonlySet<string>;
  /** Ids the feed still publishes (dropping those would bring them back as new). */
  current?: ReadonlySet<string>;
}

/**
 * Returns the new stored list: fetched items replace stored ones with the same id (feeds fix typos)
 * but keep their first `seenAt`; ordering is by `published` (or `seenAt` when undated), newest first;
 * then pruned (see the module doc). Also returns how many items were new.
 */
export function mergeItems(
  stored: FeedItem[],
  fetched: ParsedFeed['items'],
  now: string,
  max = MAX_ITEMS_PER_FEED,
  state: PruneState = { read: new Set(), starred: new Set() },
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
  const current = state.current ?? new Set(fetched.map((it) => it.id));
  return { items: pruneItems(items, now, max, { ...state, current }), added };
}

/** Applies the bound to a list sorted newest first. */
export function pruneItems(items: FeedItem[], now: string, max: number, state: PruneState): FeedItem[] {
  const cutoff = new Date(Date.parse(now) - READ_RETENTION_DAYS * 86_400_000).toISOString();
  const expired = (it: FeedItem): boolean => state.read.has(it.id) && !state.current?.has(it.id) && it.seenAt < cutoff;
  let kept = 0;
  return items.filter((it) => {
    if (state.starred.has(it.id)) return true;
    if (expired(it) || kept >= max) return false;
    kept++;
    return true;
  });
}

function sortKey(it: FeedItem): string {
  return it.published ?? it.seenAt;
}

/** Keeps only ids that still name a stored item, so `read.json` and `starred.json` stay bounded too. */
export function pruneRead(read: string[], items: FeedItem[]): string[] {
  const ids = new Set(items.map((it) => it.id));
  return read.filter((id) => ids.has(id));
}
