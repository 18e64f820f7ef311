/** @module What the page shows, read from the data branch through the client SDK (same layout as the jobs write). */
import type { FeedSummary } from '../lib/feed-index.ts';
import { getItems, getMeta, getRead, getStarred, keys, listFeedIds, type KvReader } from '../lib/store.ts';
import { displayTitle, type FeedItem, type FeedMeta } from '../lib/types.ts';

/** One feed with its items and read and starred state (the page updates these optimistically). */
export interface FeedView {
  meta: FeedMeta;
  title: string;
  items: FeedItem[];
  read: Set<string>;
  starred: Set<string>;
  unread: number;
  /** False while only the index entry is known (items, read and starred not read yet). */
  loaded: boolean;
  /** The index entry's stamp: the feed is read again only when it changes. */
  stamp?: string;
  /** Starred count from the index, until loaded. */
  starredCount?: number;
}

/** An item with the feed it belongs to. */
export interface ItemView {
  feed: FeedView;
  item: FeedItem;
  read: boolean;
  starred: boolean;
}

/** What the item list shows: everything, the starred items, or one feed; optionally unread only and matching a search. */
export interface ListFilter {
  view: 'all' | 'starred' | { feedId: string };
  unreadOnly: boolean;
  /** Case-insensitive words that must all appear in the title, summary or feed title. */
  search: string;
}

/** Reads every feed (meta, items, read and starred ids), sorted by folder then title. */
export async function loadFeeds(kv: KvReader): Promise<FeedView[]> {
  const listed = new Set(await kv.list('feeds/'));
  const ids = await listFeedIds({ get: (k) => kv.get(k), list: async () => [...listed] });
  const feeds = await Promise.all(
    ids.map(async (id): Promise<FeedView | undefined> => {
      // Read only keys that exist: a missing key costs a 404 round trip.
      const has = (key: string): boolean => listed.has(key);
      const [meta, items, read, starred] = await Promise.all([
        getMeta(kv, id),
        has(keys.items(id)) ? getItems(kv, id) : [],
        has(keys.read(id)) ? getRead(kv, id) : [],
        has(keys.starred(id)) ? getStarred(kv, id) : [],
      ]);
      if (!meta) return undefined;
      const view = { meta, title: displayTitle(meta), items, read: new Set(read), starred: new Set(starred), unread: 0, loaded: true };
      return recount(view);
    }),
  );
  return sortFeeds(feeds.filter((f): f is FeedView => f !== undefined));
}

/** By folder (feeds without one last), then title. */
export function sortFeeds(feeds: FeedView[]): FeedView[] {
  return feeds.sort((a, b) => (a.meta.folder ?? '\uffff').localeCompare(b.meta.folder ?? '\uffff') || a.title.localeCompare(b.title));
}

/** Feeds from the index: those whose stamp is unchanged keep what `previous` loaded; the others are to be loaded. */
export function fromIndex(index: FeedSummary[], previous: FeedView[]): FeedView[] {
  const old = new Map(previous.map((f) => [f.meta.id, f]));
  return sortFeeds(
    index.map((s) => {
      const prev = old.get(s.meta.id);
      const title = displayTitle(s.meta);
      if (prev?.loaded && prev.stamp === s.stamp) return Object.assign(prev, { meta: s.meta, title });
      return { meta: s.meta, title, items: [], read: new Set<string>(), starred: new Set<string>(), unread: s.unread, loaded: false, stamp: s.stamp, starredCount: s.starred };
    }),
  );
}

/** Reads one feed's items, read and starred ids into `feed` (only keys the listing names). */
export async function loadFeedItems(kv: KvReader, feed: FeedView, listed: Set<string>): Promise<void> {
  const id = feed.meta.id;
  const [items, read, starred] = await Promise.all([
    listed.has(keys.items(id)) ? getItems(kv, id) : [],
    listed.has(keys.read(id)) ? getRead(kv, id) : [],
    listed.has(keys.starred(id)) ? getStarred(kv, id) : [],
  ]);
  Object.assign(feed, { items, read: new Set(read), starred: new Set(starred), loaded: true });
  recount(feed);
}

/** Updates `unread` from the items and the read set. */
export function recount(feed: FeedView): FeedView {
  feed.unread = feed.items.reduce((n, it) => n + (feed.read.has(it.id) ? 0 : 1), 0);
  return feed;
}

/** The items to list, newest first, at most `limit`. */
export function itemsOf(feeds: FeedView[], filter: ListFilter, limit = 300): ItemView[] {
  const v = filter.view;
  const chosen = typeof v === 'object' ? feeds.filter((f) => f.meta.id === v.feedId) : feeds;
  const words = filter.search.toLowerCase().split(/\s+/).filter((w) => w !== '');
  const out: ItemView[] = [];
  for (const feed of chosen) {
    for (const item of feed.items) {
      const read = feed.read.has(item.id);
      const starred = feed.starred.has(item.id);
      if (v === 'starred' && !starred) continue;
      if (filter.unreadOnly && read) continue;
      if (words.length > 0) {
        const text = `${item.title} ${item.summary ?? ''} ${feed.title}`.toLowerCase();
        if (!words.every((w) => text.includes(w))) continue;
      }
      out.push({ feed, item, read, starred });
    }
  }
  const key = (x: ItemView): string => x.item.published ?? x.item.seenAt;
  return out.sort((a, b) => key(b).localeCompare(key(a))).slice(0, limit);
}
