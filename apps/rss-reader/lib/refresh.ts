/** @module Fetching one subscribed feed and folding the result into its stored keys. */
import { fetchFeedBody, type FetchLimits, type FetchOutcome } from './http.ts';
import { mergeItems, pruneRead } from './merge.ts';
import { parseFeed } from './parse-feed.ts';
import { getItems, getRead, getStarred, keys, putJson, type Kv } from './store.ts';
import type { FeedMeta } from './types.ts';

/** What one refresh did. */
export interface RefreshOutcome {
  meta: FeedMeta;
  /** New items stored. */
  added: number;
  /** True when the server answered 304. */
  notModified: boolean;
}

/**
 * Fetches `meta.url` conditionally, parses, merges and writes `meta.json`, `items.json` (and prunes
 * `read.json`). `fetched` is an answer already in hand (add-feed's first fetch). Throws (writing nothing) when the fetch or the parse fails: the caller decides
 * whether that fails the job (`add-feed`) or is recorded on the feed (`fetch-feeds`).
 */
export async function refreshFeed(kv: Kv, meta: FeedMeta, now: string, limits?: FetchLimits, fetched?: FetchOutcome): Promise<RefreshOutcome> {
  const outcome = fetched ?? (await fetchFeedBody(meta.url, { etag: meta.etag, lastModified: meta.lastModified }, limits));
  if (outcome.status === 'not-modified') {
    const next = withoutError({ ...meta, lastFetchedAt: now, lastOkAt: now });
    await putJson(kv, keys.meta(meta.id), next);
    return { meta: next, added: 0, notModified: true };
  }
  const parsed = parseFeed(outcome.body, meta.url);
  const [stored, read, starred] = await Promise.all([getItems(kv, meta.id), getRead(kv, meta.id), getStarred(kv, meta.id)]);
  const { items, added } = mergeItems(stored, parsed.items, now, undefined, { read: new Set(read), starred: new Set(starred) });
  const next = withoutError({
    ...meta,
    title: parsed.title,
    ...(parsed.siteUrl ? { siteUrl: parsed.siteUrl } : {}),
    lastFetchedAt: now,
    lastOkAt: now,
  });
  if (next.name === parsed.title) delete next.name;
  delete next.etag;
  delete next.lastModified;
  if (outcome.etag) next.etag = outcome.etag;
  if (outcome.lastModified) next.lastModified = outcome.lastModified;
  await putJson(kv, keys.meta(meta.id), next);
  await putJson(kv, keys.items(meta.id), items);
  const kept = pruneRead(read, items);
  if (kept.length !== read.length) await putJson(kv, keys.read(meta.id), kept);
  return { meta: next, added, notModified: false };
}

function withoutError(meta: FeedMeta): FeedMeta {
  const { error: _error, ...rest } = meta;
  return rest;
}
