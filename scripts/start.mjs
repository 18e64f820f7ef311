#!/usr/bin/env node
/**
 * `npm start`: the offline demo. Starts the sample feed server, builds and runs apps/rss-reader on the
 * embedded local forge (`gfa dev`), subscribes the sample feeds (once), fetches them, and prints the
 * URL to open and the owner passphrase. Ctrl-C stops everything.
 *
 * The passphrase is generated once per data directory (apps/rss-reader/.gfa/local/passphrase, mode
 * 0600) and kept, so a restart unlocks with the same one; `npm start -- --passphrase P` (or
 * GFA_PASSPHRASE) sets another, refused when easy to guess unless `--weak-passphrase`.
 *
 * Environment: PORT (page, default 4400), FEED_PORT (sample feeds, default 4401), GFA_PASSPHRASE.
 * A taken port falls back to a free one.
 */
import { register } from 'tsx/esm/api';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

register();
const appDir = fileURLToPath(new URL('../apps/rss-reader/', import.meta.url));
const { values: args } = parseArgs({ options: { passphrase: { type: 'string' }, 'weak-passphrase': { type: 'boolean' } } });
const given = args.passphrase ?? (process.env.GFA_PASSPHRASE || undefined);
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

  if (given !== undefined) {
    const { checkPassphraseStrength } = await import('../framework/crypto/passphrase-strength.ts');
    await checkPassphraseStrength(given, { allowWeak: args['weak-passphrase'] === true, userInputs: ['rss-reader', 'rss', 'reader'] });
  }
  // The sample feeds are on 127.0.0.1, which the reader refuses unless this machine opts in (see its README).
  allowLoopbackFeeds(appDir);
  const start = (port) => startDevServer({ appDir, port, passphrase: given });
  const dev = await start(Number(process.env.PORT ?? 4400)).catch((err) => {
    if (err?.code !== 'E_LISTEN') throw err;
    return start(0);
  });
  const passphrase = dev.passphrase;
  stoppers.push(() => dev.close());

  say('subscribing the sample feeds and fetching them…');
  const summary = await subscribeSamples({ url: dev.url, passphrase, feeds: feeds.feeds });
  say(`  ${summary}`);
  say('');
  say('  RSS reader demo is ready.');
  say(`  Open:        ${dev.url}/`);
  say(`  Passphrase:  ${passphrase}  (${given === undefined ? 'generated for this data directory and kept in apps/rss-reader/.gfa/local/passphrase' : 'the one you gave'})`);
  say('  Press Ctrl-C to stop.');
  say('');
} catch (err) {
  process.stderr.write(`npm start: ${String(err?.message ?? err).split('\n')[0]}\n`);
  if (process.env.GFA_DEBUG === "1") process.stderr.write(`${err?.stack ?? ""}\ncause: ${err?.cause?.stack ?? err?.cause ?? ""}\ncause of cause: ${err?.cause?.cause?.stack ?? err?.cause?.cause ?? ""}\n`);
  await stop(1);
}
