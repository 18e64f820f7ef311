/**
 * Test setup: a copy of apps/rss-reader under the repo's gitignored tmp/ (so `gfa` resolves from the
 * workspace), running on a real `gfa dev` (random port, weak Argon2 limits), with the sample feed
 * server and a client SDK already unlocked.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { allowLoopbackFeeds } from '../../../../apps/rss-reader/samples/allow-loopback.ts';
import { startFeedServer, type FeedServer } from '../../../../apps/rss-reader/samples/feed-server.ts';
import { connect, type Client } from '../../../../framework/client/index.ts';
import { startDevServer, type DevServer } from '../../../../framework/dev/index.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');

/** Argon2id at libsodium's minimum: tests only. */
const WEAK_KDF = { opslimit: 1, memlimit: 8192 };

/** A running reader. */
export interface Reader {
  dir: string;
  dev: DevServer;
  feeds: FeedServer;
  client: Client;
  passphrase: string;
  /** Triggers `job` and waits for its output. */
  run<T = unknown>(job: string, input?: unknown): Promise<T>;
  stop(): Promise<void>;
}

/**
 * Starts everything. `realKdf` keeps Argon2id at its default (for pages, which unlock without allowWeak);
 * `runnerStartMs` holds each run that long before its job starts, as a forge's runner does. Always `stop()` it.
 */
export async function startReader(options: { passphrase?: string; realKdf?: boolean; runnerStartMs?: number } = {}): Promise<Reader> {
  const passphrase = options.passphrase ?? 'reader test passphrase';
  mkdirSync(join(root, 'tmp'), { recursive: true });
  const dir = mkdtempSync(join(root, 'tmp', 'rss-reader-'));
  cpSync(join(root, 'apps', 'rss-reader'), dir, { recursive: true, filter: (src) => !/[\\/](dist|\.gfa|node_modules)$/.test(src) });
  const cleanups: (() => Promise<void> | void)[] = [() => rmSync(dir, { recursive: true, force: true })];
  // The feed servers of the tests listen on 127.0.0.1: opt in, as the local demo does.
  allowLoopbackFeeds(dir);
  const stop = async (): Promise<void> => {
    for (const c of cleanups.reverse()) await c();
  };
  try {
    const feeds = await startFeedServer();
    cleanups.push(() => feeds.close());
    const dev = await startDevServer({ appDir: dir, passphrase, ...(options.realKdf ? {} : { kdf: WEAK_KDF }), watch: false, runnerStartMs: options.runnerStartMs, log: process.env.RSS_DEBUG ? (l) => process.stderr.write(`${l}\n`) : () => {} });
    cleanups.push(() => dev.close());
    const client = connect({ forge: 'local', url: dev.url });
    await client.unlock(passphrase, { allowWeak: !options.realKdf });
    const run = async <T>(job: string, input?: unknown): Promise<T> => (await client.trigger<T>(job, input, { timeoutMs: 30_000 })).result();
    return { dir, dev, feeds, client, passphrase, run, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
