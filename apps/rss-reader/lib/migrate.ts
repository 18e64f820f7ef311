/**
 * @module Moving feeds whose id is not the one `feedIdOf` gives now: ids made by plain SHA-256 before
 * they were keyed, or under a data key that has since been rotated. Run by `fetch-feeds`.
 */
import { feedIdOf } from './hash.ts';
import { feedKeys, type Kv } from './store.ts';
import type { FeedMeta } from './types.ts';

/** Moves every key of each stale feed to its current id; returns the metas with their current ids. */
export async function migrateFeedIds(kv: Kv, metas: FeedMeta[], key?: Buffer): Promise<FeedMeta[]> {
  const out: FeedMeta[] = [];
  for (const meta of metas) {
    const id = key === undefined ? feedIdOf(meta.url) : feedIdOf(meta.url, key);
    if (id === meta.id) {
      out.push(meta);
      continue;
    }
    const from = feedKeys(meta.id);
    const to = feedKeys(id);
    const taken = (await kv.get(to[0]!)) !== undefined && (await kv.get(to[0]!)) !== null;
    for (let i = 0; i < from.length; i++) {
      const value = await kv.get(from[i]!);
      if (value !== undefined && value !== null && !taken) await kv.set(to[i]!, i === 0 ? JSON.stringify({ ...meta, id }) : value);
      if (value !== undefined && value !== null) await kv.delete(from[i]!);
    }
    // When both ids existed (the same URL subscribed twice), the one under the current id stays.
    if (!taken) out.push({ ...meta, id });
  }
  return out;
}
