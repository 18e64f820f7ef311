/**
 * @module `add-feed`: subscribe by a feed's URL or by a web site's URL (autodiscovery); fetches it once
 * so the page shows items at once.
 */
import { defineJob, trigger } from 'gfa';
import { indexed } from '../lib/feed-index.ts';
import { addFeedInput } from '../lib/schemas.ts';
import { looksLikeHtml, discoverFeeds } from '../lib/discover.ts';
import { GfaError } from '../lib/errors.ts';
import { feedIdOf } from '../lib/hash.ts';
import { fetchFeedBody, type FetchLimits, type FetchOutcome } from '../lib/http.ts';
import { refreshFeed } from '../lib/refresh.ts';
import { getMeta, type Kv } from '../lib/store.ts';
import { displayTitle, type FeedMeta } from '../lib/types.ts';

/** Input of `add-feed`. */
export interface AddFeedInput {
  url: string;
  /** The owner's name for the feed. */
  title?: string;
  folder?: string;
}

/** Output of `add-feed`. */
export interface AddFeedOutput {
  feedId: string;
  title: string;
  /** The feed's URL (differs from the input when found on a web page). */
  url: string;
  /** False when the feed was already subscribed (nothing changed). */
  added: boolean;
  items: number;
}

/**
 * Subscribes `input.url`. When it answers with an HTML page, the first feed the page announces is
 * subscribed instead. A URL that leads to no feed fails the job and stores nothing.
 */
export async function addFeed(kv: Kv, input: AddFeedInput, now = new Date().toISOString(), limits?: FetchLimits): Promise<AddFeedOutput> {
  const host = new URL(input.url).host;
  try {
    const { url, fetched } = await feedUrlOf(new URL(input.url).href, limits);
    const id = feedIdOf(url);
    const existing = await getMeta(kv, id);
    if (existing) return { feedId: id, title: displayTitle(existing), url, added: false, items: 0 };
    const meta: FeedMeta = { id, url, title: new URL(url).host, addedAt: now, ...(input.title ? { name: input.title } : {}), ...(input.folder ? { folder: input.folder } : {}) };
    const { meta: stored, added } = await refreshFeed(kv, meta, now, limits, fetched);
    return { feedId: id, title: displayTitle(stored), url, added: true, items: added };
  } catch (err) {
    if (err instanceof GfaError) throw new GfaError(err.code, `cannot subscribe to ${host}: ${err.message}`, { cause: err });
    throw err;
  }
}

/** The URL itself when it serves something other than HTML; else the feed its page announces. */
async function feedUrlOf(url: string, limits?: FetchLimits): Promise<{ url: string; fetched?: FetchOutcome }> {
  const first = await fetchFeedBody(url, {}, limits);
  if (first.status !== 'ok' || !looksLikeHtml(first.body, first.contentType)) return { url, fetched: first };
  const [found] = discoverFeeds(first.body, first.url);
  if (!found) throw new GfaError('E_INPUT', 'got a web page that announces no feed (no <link rel="alternate"> to RSS, Atom or JSON Feed); use the feed\'s own address');
  return { url: found };
}

/** The `add-feed` job. In its own file, so its bundle carries only its code; `index.json` follows what it changed. */
export default defineJob({
  on: [trigger({ input: addFeedInput })],
  run: (ctx) => indexed(ctx.kv, addFeed(ctx.kv, ctx.input), (o) => [o.feedId]),
});
