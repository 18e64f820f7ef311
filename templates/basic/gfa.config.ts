/** @module The app: a scheduled job that keeps a heartbeat, and a triggered job the page starts. */
import { defineApp, defineJob, schedule, trigger } from 'gfa';
import { greet } from './jobs/greet.ts';
import { heartbeat } from './jobs/heartbeat.ts';

export default defineApp({
  name: 'basic',
  // Values on the data branch are sealed with GFA_SECRET_KEY (gfa deploy creates it).
  store: { encrypt: true },
  pages: { dir: 'web' },
  jobs: {
    // Minute 17, not 0: forges delay scheduled runs most at the top of the hour.
    heartbeat: defineJob({
      on: [schedule('17 * * * *')],
      run: (ctx) => heartbeat(ctx.kv),
    }),
    greet: defineJob({
      on: [trigger()],
      run: (ctx) => greet(ctx.kv, ctx.input),
    }),
  },
});
