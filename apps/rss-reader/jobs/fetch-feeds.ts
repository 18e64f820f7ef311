/** @module `fetch-feeds`: refresh every subscribed feed; one broken feed never fails the others. */
import { defineJob, schedule, trigger } from 'gfa';
import type { FetchLimits } from '../lib/http.ts';
import { refreshFeed } from '../lib/refresh.ts';
import { getMeta, keys, listFeedIds, putJson, type Kv } from '../lib/store.ts';

/** Output of `fetch-feeds`. */
export interface FetchFeedsOutput {
  feeds: number;
  /** New items over all feeds. */
  added: number;
  notModified: number;
  /** Feed ids whose fetch failed (the reason is in their `meta.json`). */
  failed: string[];
}

/** Feeds fetched at the same time. */
const CONCURRENCY = 4;

/** Refreshes all feeds, a few at a time; failures are recorded as `meta.error` on that feed. */
export async function fetchFeeds(kv: Kv, now = new Date().toISOString(), limits?: FetchLimits): Promise<FetchFeedsOutput> {
  const ids = await listFeedIds(kv);
  const out: FetchFeedsOutput = { feeds: ids.length, added: 0, notModified: 0, failed: [] };
  const queue = [...ids];
  const worker = async (): Promise<void> => {
    for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
      const meta = await getMeta(kv, id);
      if (!meta) continue;
      try {
        const r = await refreshFeed(kv, meta, now, limits);
        out.added += r.added;
        if (r.notModified) out.notModified++;
      } catch (err) {
        out.failed.push(id);
        const error = (err instanceof Error ? err.message : String(err)).split('\n')[0]?.slice(0, 300) ?? 'unknown error';
        await putJson(kv, keys.meta(id), { ...meta, lastFetchedAt: now, error });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, ids.length) }, worker));
  out.failed.sort();
  return out;
}

/** The `fetch-feeds` job: refresh every feed every 15 minutes, or when asked. In its own file, so its bundle carries only its code. */
export default defineJob({
  on: [schedule('*/15 * * * *'), trigger()],
  run: (ctx) => fetchFeeds(ctx.kv),
});
