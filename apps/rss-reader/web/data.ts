/** @module What the page shows, read from the data branch through the client SDK (same layout as the jobs write). */
import { getItems, getMeta, getRead, keys, listFeedIds, type KvReader } from '../lib/store.ts';
import type { FeedItem, FeedMeta } from '../lib/types.ts';

/** One feed with its items and read state. */
export interface FeedView {
  meta: FeedMeta;
  items: FeedItem[];
  read: Set<string>;
  unread: number;
}

/** An item with the feed it belongs to (for the "All items" list). */
export interface ItemView {
  feed: FeedView;
  item: FeedItem;
  read: boolean;
}

/** Reads every feed (meta, items, read ids), sorted by title. */
export async function loadFeeds(kv: KvReader): Promise<FeedView[]> {
  const listed = new Set(await kv.list('feeds/'));
  const ids = await listFeedIds({ get: (k) => kv.get(k), list: async () => [...listed] });
  const feeds = await Promise.all(
    ids.map(async (id): Promise<FeedView | undefined> => {
      // Read only keys that exist: a missing key costs a 404 round trip.
      const has = (key: string): boolean => listed.has(key);
      const [meta, items, read] = await Promise.all([
        getMeta(kv, id),
        has(keys.items(id)) ? getItems(kv, id) : [],
        has(keys.read(id)) ? getRead(kv, id) : [],
      ]);
      if (!meta) return undefined;
      const readSet = new Set(read);
      return { meta, items, read: readSet, unread: items.filter((it) => !readSet.has(it.id)).length };
    }),
  );
  return feeds.filter((f): f is FeedView => f !== undefined).sort((a, b) => a.meta.title.localeCompare(b.meta.title));
}

/** Items of one feed, or of all feeds merged newest first (at most `limit`). */
export function itemsOf(feeds: FeedView[], feedId: string | 'all', limit = 200): ItemView[] {
  const chosen = feedId === 'all' ? feeds : feeds.filter((f) => f.meta.id === feedId);
  const all = chosen.flatMap((feed) => feed.items.map((item) => ({ feed, item, read: feed.read.has(item.id) })));
  const key = (v: ItemView): string => v.item.published ?? v.item.seenAt;
  return all.sort((a, b) => key(b).localeCompare(key(a))).slice(0, limit);
}
