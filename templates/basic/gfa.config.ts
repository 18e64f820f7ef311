/** @module The app: a scheduled job that keeps a heartbeat, and a triggered job the page starts. */
import { defineApp } from 'gfa';
import greet from './jobs/greet.ts';
import heartbeat from './jobs/heartbeat.ts';

// Each job lives in its own file (jobs/<name>.ts), so `gfa build` bundles each with only its own code.
export default defineApp({
  name: 'basic',
  // Values on the data branch are sealed with GFA_SECRET_KEY (gfa deploy creates it).
  store: { encrypt: true },
  pages: { dir: 'web' },
  jobs: { heartbeat, greet },
});
