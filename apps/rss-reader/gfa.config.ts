/** @module The RSS reader: fetch feeds every 15 minutes, read and mark items from the web page. */
import { defineApp } from 'gfa';
import addFeed from './jobs/add-feed.ts';
import fetchFeeds from './jobs/fetch-feeds.ts';
import markRead from './jobs/mark-read.ts';
import removeFeed from './jobs/remove-feed.ts';

// Each job lives in its own file (jobs/<name>.ts), so `gfa build` bundles each with only its own code.
export default defineApp({
  name: 'rss-reader',
  store: { encrypt: true },
  pages: { dir: 'web' },
  jobs: {
    'fetch-feeds': fetchFeeds,
    'add-feed': addFeed,
    'remove-feed': removeFeed,
    'mark-read': markRead,
  },
});
