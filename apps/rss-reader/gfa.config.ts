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
import { addFeedInput, importOpmlInput, markAllReadInput, markReadInput, removeFeedInput, starInput, updateFeedInput } from './lib/schemas.ts';

export default defineApp({
  name: 'rss-reader',
  store: { encrypt: true },
  pages: { dir: 'web' },
  jobs: {
    'fetch-feeds': defineJob({
      on: [schedule('*/15 * * * *'), trigger()],
      run: (ctx) => fetchFeeds(ctx.kv),
    }),
    'add-feed': defineJob({
      on: [trigger({ input: addFeedInput })],
      run: (ctx) => addFeed(ctx.kv, ctx.input),
    }),
    'remove-feed': defineJob({
      on: [trigger({ input: removeFeedInput })],
      run: (ctx) => removeFeed(ctx.kv, ctx.input),
    }),
    'update-feed': defineJob({
      on: [trigger({ input: updateFeedInput })],
      run: (ctx) => updateFeed(ctx.kv, ctx.input),
    }),
    'mark-read': defineJob({
      on: [trigger({ input: markReadInput })],
      run: (ctx) => markRead(ctx.kv, ctx.input),
    }),
    'mark-all-read': defineJob({
      on: [trigger({ input: markAllReadInput })],
      run: (ctx) => markAllRead(ctx.kv, ctx.input),
    }),
    star: defineJob({
      on: [trigger({ input: starInput })],
      run: (ctx) => star(ctx.kv, ctx.input),
    }),
    'import-opml': defineJob({
      on: [trigger({ input: importOpmlInput })],
      run: (ctx) => importOpml(ctx.kv, ctx.input),
    }),
    'export-opml': defineJob({
      on: [trigger()],
      run: (ctx) => exportOpml(ctx.kv),
    }),
  },
});
