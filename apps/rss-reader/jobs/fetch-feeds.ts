/**
 * @module `fetch-feeds`: refresh every subscribed feed; one broken, slow or hostile feed never fails or
 * starves the others. Each feed has its own time bound (FetchLimits.timeoutMs over all hops and the
 * body, a byte cap, and a parse that is linear in that capped body); the run as a whole has a deadline,
 * after which feeds not yet started wait for the next run (the least recently fetched go first).
 */
import { defineJob, schedule, trigger } from 'gfa';
import { indexed } from '../lib/feed-index.ts';
import type { FetchLimits } from '../lib/http.ts';
import { migrateFeedIds } from '../lib/migrate.ts';
import { refreshFeed } from '../lib/refresh.ts';
import { getMeta, keys, listFeedIds, putJson, type Kv } from '../lib/store.ts';
import type { FeedMeta } from '../lib/types.ts';

/** Output of `fetch-feeds`. */
export interface FetchFeedsOutput {
  feeds: number;
  /** New items over all feeds. */
  added: number;
  notModified: number;
  /** Feed ids whose fetch failed (the reason is in their `meta.json`). */
  failed: string[];
  /** Feeds not started before the run's deadline. */
  skipped: number;
}

/** Options of {@link fetchFeeds}. */
export interface FetchFeedsOptions extends FetchLimits {
  /** The run's deadline from its start. @default 300000 (5 min; the schedule is every 15 min) */
  deadlineMs?: number;
  /** Feeds fetched at the same time. @default 8 */
  concurrency?: number;
}

/** Refreshes all feeds, a few at a time; failures are recorded as `meta.error` on that feed. */
export async function fetchFeeds(kv: Kv, now = new Date().toISOString(), options: FetchFeedsOptions = {}): Promise<FetchFeedsOutput> {
  const { deadlineMs = 300_000, concurrency = 8, ...limits } = options;
  const deadline = AbortSignal.timeout(deadlineMs);
  const signal = limits.signal ? AbortSignal.any([deadline, limits.signal]) : deadline;
  const found = (await Promise.all((await listFeedIds(kv)).map((id) => getMeta(kv, id)))).filter((m): m is FeedMeta => m !== undefined);
  const metas = await migrateFeedIds(kv, found);
  // Least recently fetched first: what a deadline cut off last time goes first now.
  const queue = metas.sort((a, b) => (a.lastFetchedAt ?? '').localeCompare(b.lastFetchedAt ?? '') || a.id.localeCompare(b.id));
  const out: FetchFeedsOutput = { feeds: metas.length, added: 0, notModified: 0, failed: [], skipped: 0 };
  const worker = async (): Promise<void> => {
    for (let meta = queue.shift(); meta !== undefined; meta = queue.shift()) {
      if (signal.aborted) {
        out.skipped++;
        continue;
      }
      try {
        const r = await refreshFeed(kv, meta, now, { ...limits, signal });
        out.added += r.added;
        if (r.notModified) out.notModified++;
      } catch (err) {
        out.failed.push(meta.id);
        const error = (err instanceof Error ? err.message : String(err)).split('\n')[0]?.slice(0, 300) ?? 'unknown error';
        await putJson(kv, keys.meta(meta.id), { ...meta, lastFetchedAt: now, error });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, metas.length) }, worker));
  out.failed.sort();
  return out;
}

/** The `fetch-feeds` job. In its own file, so its bundle carries only its code; `index.json` follows what it changed. */
export default defineJob({
  on: [schedule('*/15 * * * *'), trigger()],
  run: (ctx) => indexed(ctx.kv, fetchFeeds(ctx.kv), () => undefined),
});
