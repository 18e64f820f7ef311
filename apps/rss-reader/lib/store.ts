/**
 * @module The reader's data layout on the data branch, one concept per key:
 * `feeds/<feedId>/meta.json` (FeedMeta), `feeds/<feedId>/items.json` (FeedItem[], newest first),
 * `feeds/<feedId>/read.json` (ids of read items), `feeds/<feedId>/starred.json` (ids of starred items).
 * Shared by jobs (writes) and the web page (reads).
 */
import type { FeedItem, FeedMeta } from './types.ts';

/** The part of `ctx.kv` (jobs) and `client.kv` (browser) the reader uses. Values are strings. */
export interface KvReader {
  get(key: string): Promise<string | undefined | null>;
  list(prefix: string): Promise<string[]>;
}

/** Writes, available inside jobs only. */
export interface Kv extends KvReader {
  set(key: string, value: string): Promise<void> | void;
  delete(key: string): Promise<void> | void;
}

/** Keys of one feed. */
export const keys = {
  meta: (id: string): string => `feeds/${id}/meta.json`,
  items: (id: string): string => `feeds/${id}/items.json`,
  read: (id: string): string => `feeds/${id}/read.json`,
  starred: (id: string): string => `feeds/${id}/starred.json`,
};

/** Every key of one feed (what remove and id migration move or delete). */
export function feedKeys(id: string): string[] {
  return [keys.meta(id), keys.items(id), keys.read(id), keys.starred(id)];
}

async function getJson<T>(kv: KvReader, key: string, fallback: T): Promise<T> {
  const raw = await kv.get(key);
  return raw === undefined || raw === null ? fallback : (JSON.parse(raw) as T);
}

/** Ids of every subscribed feed, sorted. */
export async function listFeedIds(kv: KvReader): Promise<string[]> {
  const found = (await kv.list('feeds/')).map((k) => /(?:^|\/)([^/]+)\/meta\.json$/.exec(k)?.[1]);
  return [...new Set(found.filter((id): id is string => id !== undefined))].sort();
}

/** A feed's metadata, or undefined when not subscribed. */
export function getMeta(kv: KvReader, id: string): Promise<FeedMeta | undefined> {
  return getJson<FeedMeta | undefined>(kv, keys.meta(id), undefined);
}

/** A feed's stored items, newest first. */
export function getItems(kv: KvReader, id: string): Promise<FeedItem[]> {
  return getJson<FeedItem[]>(kv, keys.items(id), []);
}

/** Ids of a feed's read items. */
export function getRead(kv: KvReader, id: string): Promise<string[]> {
  return getJson<string[]>(kv, keys.read(id), []);
}

/** Ids of a feed's starred items. */
export function getStarred(kv: KvReader, id: string): Promise<string[]> {
  return getJson<string[]>(kv, keys.starred(id), []);
}

/** Writes a JSON value (compact: values stay small). */
export async function putJson(kv: Kv, key: string, value: unknown): Promise<void> {
  await kv.set(key, JSON.stringify(value));
}
