/** @module The RSS reader: fetch feeds every 15 minutes, read, star and organise them from the web page. */
import { defineApp, defineJob, schedule, trigger } from 'gfa';
import { addFeed } from './jobs/add-feed.ts';
import { fetchFeeds } from './jobs/fetch-feeds.ts';
import { markAllRead } from './jobs/mark-all-read.ts';
import { markRead } from './jobs/mark-read.ts';
import { exportOpml, importOpml } from './jobs/opml.ts';
import { removeFeed } from './jobs/remove-feed.ts';
import { star } from './jobs/star.ts';
import { updateFeed } from './jobs/update-feed.ts';
import { refreshIndex } from './lib/feed-index.ts';
import type { Kv } from './lib/store.ts';
import { addFeedInput, importOpmlInput, markAllReadInput, markReadInput, removeFeedInput, starInput, updateFeedInput } from './lib/schemas.ts';

/** Runs a job, then brings `index.json` up to date for the feeds it touched (all when `ids` gives undefined). */
async function indexed<T>(kv: Kv, run: Promise<T>, ids: (out: T) => string[] | undefined): Promise<T> {
  const out = await run;
  await refreshIndex(kv, ids(out));
  return out;
}

export default defineApp({
  name: 'rss-reader',
  store: { encrypt: true },
  pages: { dir: 'web' },
  jobs: {
    'fetch-feeds': defineJob({
      on: [schedule('*/15 * * * *'), trigger()],
      run: (ctx) => indexed(ctx.kv, fetchFeeds(ctx.kv), () => undefined),
    }),
    'add-feed': defineJob({
      on: [trigger({ input: addFeedInput })],
      run: (ctx) => indexed(ctx.kv, addFeed(ctx.kv, ctx.input), (o) => [o.feedId]),
    }),
    'remove-feed': defineJob({
      on: [trigger({ input: removeFeedInput })],
      run: (ctx) => indexed(ctx.kv, removeFeed(ctx.kv, ctx.input), (o) => [o.feedId]),
    }),
    'update-feed': defineJob({
      on: [trigger({ input: updateFeedInput })],
      run: (ctx) => indexed(ctx.kv, updateFeed(ctx.kv, ctx.input), (o) => [o.feedId]),
    }),
    'mark-read': defineJob({
      on: [trigger({ input: markReadInput })],
      run: (ctx) => indexed(ctx.kv, markRead(ctx.kv, ctx.input), (o) => [o.feedId]),
    }),
    'mark-all-read': defineJob({
      on: [trigger({ input: markAllReadInput })],
      run: (ctx) => indexed(ctx.kv, markAllRead(ctx.kv, ctx.input), (o) => o.feedIds),
    }),
    star: defineJob({
      on: [trigger({ input: starInput })],
      run: (ctx) => indexed(ctx.kv, star(ctx.kv, ctx.input), (o) => [o.feedId]),
    }),
    'import-opml': defineJob({
      on: [trigger({ input: importOpmlInput })],
      run: (ctx) => indexed(ctx.kv, importOpml(ctx.kv, ctx.input), (o) => o.feedIds),
    }),
    'export-opml': defineJob({
      on: [trigger()],
      run: (ctx) => exportOpml(ctx.kv),
    }),
  },
});
