/** @module The RSS reader: fetch feeds every 15 minutes, read, star and organise them from the web page. */
import { defineApp } from 'gfa';
import addFeed from './jobs/add-feed.ts';
import fetchFeeds from './jobs/fetch-feeds.ts';
import markAllRead from './jobs/mark-all-read.ts';
import markRead from './jobs/mark-read.ts';
import { exportOpmlJob, importOpmlJob } from './jobs/opml.ts';
import removeFeed from './jobs/remove-feed.ts';
import star from './jobs/star.ts';
import updateFeed from './jobs/update-feed.ts';

// Each job lives in its own module (jobs/<name>.ts), so `gfa build` bundles each with only its own code.
export default defineApp({
  name: 'rss-reader',
  store: { encrypt: true },
  // Enclosures play from their feeds' hosts, which the build cannot know: media from any https host
  // (nothing else widens; players load nothing until pressed).
  pages: { dir: 'web', media: ['https:'] },
  jobs: {
    'fetch-feeds': fetchFeeds,
    'add-feed': addFeed,
    'remove-feed': removeFeed,
    'update-feed': updateFeed,
    'mark-read': markRead,
    'mark-all-read': markAllRead,
    star,
    'import-opml': importOpmlJob,
    'export-opml': exportOpmlJob,
  },
});
