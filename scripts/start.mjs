#!/usr/bin/env node
/**
 * `npm start`: the offline demo. Starts the sample feed server, builds and runs apps/rss-reader on the
 * embedded local forge (`gfa dev`), subscribes the sample feeds (once), fetches them, and prints the
 * URL to open and the demo passphrase. Ctrl-C stops everything.
 *
 * Environment: PORT (page, default 4400), FEED_PORT (sample feeds, default 4401), GFA_PASSPHRASE
 * (default "demo passphrase"). A taken port falls back to a free one.
 */
import { register } from 'tsx/esm/api';
import { fileURLToPath } from 'node:url';

register();
const appDir = fileURLToPath(new URL('../apps/rss-reader/', import.meta.url));
const passphrase = process.env.GFA_PASSPHRASE || 'demo passphrase';
const say = (line) => process.stdout.write(`${line}\n`);

const { startFeedServer } = await import('../apps/rss-reader/samples/feed-server.ts');
const { startDevServer } = await import('../framework/dev/index.ts');
const { subscribeSamples } = await import('../apps/rss-reader/samples/subscribe.ts');
const { allowLoopbackFeeds } = await import('../apps/rss-reader/samples/allow-loopback.ts');

const stoppers = [];
let stopping = false;
async function stop(code) {
  if (stopping) return;
  stopping = true;
  for (const close of stoppers.reverse()) await close().catch(() => {});
  process.exit(code);
}
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

try {
  const feeds = await startFeedServer({ port: Number(process.env.FEED_PORT ?? 4401) });
  stoppers.push(() => feeds.close());
  say(`sample feeds: ${feeds.origin}/ (${feeds.feeds.length} feeds)`);

  // The sample feeds are on 127.0.0.1, which the reader refuses unless this machine opts in (see its README).
  allowLoopbackFeeds(appDir);
  const start = (port) => startDevServer({ appDir, port, passphrase });
  const dev = await start(Number(process.env.PORT ?? 4400)).catch((err) => {
    if (err?.code !== 'E_USAGE' || !/cannot listen/.test(err.message)) throw err;
    return start(0);
  });
  stoppers.push(() => dev.close());

  say('subscribing the sample feeds and fetching them…');
  const summary = await subscribeSamples({ url: dev.url, passphrase, feeds: feeds.feeds });
  say(`  ${summary}`);
  say('');
  say('  RSS reader demo is ready.');
  say(`  Open:        ${dev.url}/`);
  say(`  Passphrase:  ${passphrase}`);
  say('  Press Ctrl-C to stop.');
  say('');
} catch (err) {
  process.stderr.write(`npm start: ${String(err?.message ?? err).split('\n')[0]}\n`);
  if (process.env.GFA_DEBUG === "1") process.stderr.write(`${err?.stack ?? ""}\ncause: ${err?.cause?.stack ?? err?.cause ?? ""}\ncause of cause: ${err?.cause?.cause?.stack ?? err?.cause?.cause ?? ""}\n`);
  await stop(1);
}
