/** @module The RSS reader: fetch feeds every 15 minutes, read and mark items from the web page. */
import { defineApp, defineJob, schedule, trigger } from 'gfa';
import { addFeed } from './jobs/add-feed.ts';
import { fetchFeeds } from './jobs/fetch-feeds.ts';
import { markRead } from './jobs/mark-read.ts';
import { removeFeed } from './jobs/remove-feed.ts';
import { addFeedInput, markReadInput, removeFeedInput } from './lib/schemas.ts';

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
    'mark-read': defineJob({
      on: [trigger({ input: markReadInput })],
      run: (ctx) => markRead(ctx.kv, ctx.input),
    }),
  },
});
