/**
 * @module `import-opml` and `export-opml`. Import subscribes every feed of the file without fetching
 * (the next `fetch-feeds` fills them, within its deadline), keeping titles as the owner's names (dropped
 * by the first fetch when the feed's own title is the same) and
 * outlines as folders; export returns the file text as the job's output.
 */
import { defineJob, trigger } from 'gfa';
import { indexed } from '../lib/feed-index.ts';
import { importOpmlInput } from '../lib/schemas.ts';
import { feedIdOf } from '../lib/hash.ts';
import { buildOpml, parseOpml } from '../lib/opml.ts';
import { getMeta, keys, listFeedIds, putJson, type Kv } from '../lib/store.ts';
import { displayTitle, type FeedMeta } from '../lib/types.ts';

/** Most feeds one import subscribes. */
export const MAX_IMPORT = 2000;

/** Subscribes the feeds of an OPML text; returns how many were new and how many already there. */
export async function importOpml(kv: Kv, input: { opml: string }, now = new Date().toISOString()): Promise<{ added: number; existing: number; feedIds: string[] }> {
  const feeds = parseOpml(input.opml).slice(0, MAX_IMPORT);
  let added = 0;
  let existing = 0;
  const feedIds: string[] = [];
  for (const f of feeds) {
    const id = feedIdOf(f.url);
    if (feedIds.includes(id)) continue;
    feedIds.push(id);
    if (await getMeta(kv, id)) {
      existing++;
      continue;
    }
    const meta: FeedMeta = { id, url: f.url, title: new URL(f.url).host, addedAt: now, ...(f.title ? { name: f.title } : {}), ...(f.folder ? { folder: f.folder } : {}) };
    await putJson(kv, keys.meta(id), meta);
    added++;
  }
  return { added, existing, feedIds };
}

/** The subscriptions as OPML text. */
export async function exportOpml(kv: Kv): Promise<{ opml: string; feeds: number }> {
  const metas = (await Promise.all((await listFeedIds(kv)).map((id) => getMeta(kv, id)))).filter((m): m is FeedMeta => m !== undefined);
  metas.sort((a, b) => displayTitle(a).localeCompare(displayTitle(b)));
  const opml = buildOpml(metas.map((m) => ({ url: m.url, title: displayTitle(m), ...(m.folder ? { folder: m.folder } : {}), ...(m.siteUrl ? { siteUrl: m.siteUrl } : {}) })));
  return { opml, feeds: metas.length };
}

/** The `import-opml` job: subscribe to every feed of an OPML file. */
export const importOpmlJob = defineJob({
  on: [trigger({ input: importOpmlInput })],
  run: (ctx) => indexed(ctx.kv, importOpml(ctx.kv, ctx.input), (o) => o.feedIds),
});

/** The `export-opml` job: the subscriptions as an OPML file. */
export const exportOpmlJob = defineJob({
  on: [trigger()],
  run: (ctx) => exportOpml(ctx.kv),
});
