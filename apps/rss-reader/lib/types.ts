/** @module The RSS reader's data: what a parsed feed looks like and what is stored per feed. */

/** One item of a feed, as stored in `feeds/<feedId>/items.json` (newest first). */
export interface FeedItem {
  /** Short stable id (hash of the feed's own id, link or title). */
  id: string;
  /** Plain text; may contain `<` and friends, always rendered as text. */
  title: string;
  /** An absolute http(s) URL, or absent when the feed gave none that is safe. */
  link?: string;
  /** ISO 8601, when the feed dated the item. */
  published?: string;
  /** ISO 8601, when the feed gave an update date different from `published`. */
  updated?: string;
  /** Plain text, clipped. */
  summary?: string;
  /** Plain text: the item's author (a name, or an address when that is all the feed gave). */
  author?: string;
  /** Media attached to the item (podcast episodes, videos), at most 3. */
  enclosures?: Enclosure[];
  /** ISO 8601: when this reader first saw the item (orders undated items). */
  seenAt: string;
}

/** A file attached to an item: RSS `<enclosure>`, Atom `<link rel="enclosure">`, JSON Feed `attachments`. */
export interface Enclosure {
  /** An absolute http(s) URL. */
  url: string;
  /** MIME type (`audio/mpeg`), when the feed gave a well-formed one. */
  type?: string;
  /** Size in bytes, when given. */
  length?: number;
}

/** An item as parsed, before the store adds `seenAt`. */
export type ParsedItem = Omit<FeedItem, 'seenAt'>;

/** What a parser returns: the feed's title and site plus its items in feed order. */
export interface ParsedFeed {
  format: 'rss' | 'atom' | 'json' | 'rdf' | 'cdf';
  title: string;
  /** The site the feed belongs to (http(s) only). */
  siteUrl?: string;
  /** The feed-level author, when given (not stored; items carry their own). */
  author?: string;
  items: ParsedItem[];
}

/** `feeds/<feedId>/meta.json`: one subscription. */
export interface FeedMeta {
  id: string;
  url: string;
  /** The feed's own title, updated by every fetch. */
  title: string;
  /** The owner's name for the feed (rename); shown instead of `title` when set. */
  name?: string;
  /** The folder (category) the feed is listed under; none when absent. */
  folder?: string;
  siteUrl?: string;
  /** Validators for conditional GET. */
  etag?: string;
  lastModified?: string;
  addedAt: string;
  lastFetchedAt?: string;
  /** Last fetch that returned fresh content or 304. */
  lastOkAt?: string;
  /** One line: why the last fetch failed; absent after a successful fetch. */
  error?: string;
}

/** The title to show: the owner's name when set, else the feed's own title. */
export function displayTitle(meta: Pick<FeedMeta, 'name' | 'title'>): string {
  return meta.name || meta.title;
}
