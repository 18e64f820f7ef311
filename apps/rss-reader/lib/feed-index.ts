/**
 * @module `index.json`: one value with every feed's meta and counts, so the page lists all feeds
 * (with unread counts) after a single read instead of one read per feed, and reloads only the feeds
 * whose `stamp` changed. Jobs keep it current (see `indexed` in gfa.config.ts); the per-feed keys
 * stay the source of truth, and the page falls back to them when the index is missing.
 */
import { getItems, getMeta, getRead, getStarred, listFeedIds, putJson, type Kv, type KvReader } from './store.ts';
import type { FeedMeta } from './types.ts';

/** The key of the index. */
export const INDEX_KEY = 'index.json';

/** One feed in the index. */
export interface FeedSummary {
  meta: FeedMeta;
  items: number;
  unread: number;
  starred: number;
  /** Changes whenever the feed's items, read or starred state change. */
  stamp: string;
}

/** The index, or undefined when no job has written it yet. */
export async function getIndex(kv: KvReader): Promise<FeedSummary[] | undefined> {
  const raw = await kv.get(INDEX_KEY);
  return raw === undefined || raw === null ? undefined : (JSON.parse(raw) as FeedSummary[]);
}

async function summarize(kv: KvReader, id: string): Promise<FeedSummary | undefined> {
  const meta = await getMeta(kv, id);
  if (!meta) return undefined;
  const [items, read, starred] = await Promise.all([getItems(kv, id), getRead(kv, id), getStarred(kv, id)]);
  const readSet = new Set(read);
  const unread = items.reduce((n, it) => n + (readSet.has(it.id) ? 0 : 1), 0);
  const stamp = [items.length, items[0]?.id ?? '', items[0]?.title.length ?? 0, read.length, read[0] ?? '', starred.join('.'), meta.lastFetchedAt ?? '', meta.name ?? '', meta.folder ?? ''].join('|');
  return { meta, items: items.length, unread, starred: starred.length, stamp };
}

/**
 * Rewrites the entries of `ids` (all feeds when undefined, or when there is no index yet) from the
 * per-feed keys; entries of feeds that no longer exist are dropped. Writes only when something changed.
 */
export async function refreshIndex(kv: Kv, ids?: string[]): Promise<void> {
  const before = ids ? await getIndex(kv) : undefined;
  const fresh = before === undefined ? await listFeedIds(kv) : ids!;
  const byId = new Map((before ?? []).map((s) => [s.meta.id, s]));
  for (const id of fresh) byId.delete(id);
  for (const s of await Promise.all(fresh.map((id) => summarize(kv, id)))) if (s) byId.set(s.meta.id, s);
  const next = [...byId.values()].sort((a, b) => a.meta.id.localeCompare(b.meta.id));
  const text = JSON.stringify(next);
  if ((await kv.get(INDEX_KEY)) !== text) await putJson(kv, INDEX_KEY, next);
}

/** Runs a job, then brings `index.json` up to date for the feeds it touched (all when `ids` gives undefined). */
export async function indexed<T>(kv: Kv, run: Promise<T>, ids: (out: T) => string[] | undefined): Promise<T> {
  const out = await run;
  await refreshIndex(kv, ids(out));
  return out;
}
