/**
 * The rss-reader deployed on `gfa dev --as github` (a test double of GitHub, not GitHub), as the
 * Chromium and session tests use it: a copy of apps/rss-reader under the repo's tmp/ (optionally with
 * `session` on), the double with a runner start, the sample feed server, and `gfa deploy` through the
 * real bin with the owner's passphrase. Always `stop()` it.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { startFeedServer, type FeedServer } from '../../apps/rss-reader/samples/feed-server.ts';
import { startGithubDev, type GithubDev } from '../../framework/dev/github/start.ts';
import { GFA_BIN, runProgram } from '../build/helpers/fixture.ts';
import { withSession } from './session-app.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export interface GithubReader {
  dir: string;
  dev: GithubDev;
  feeds: FeedServer;
  /** The owner's environment for the gfa bin (API URL, token, passphrase). */
  env: Record<string, string>;
  stop(): Promise<void>;
}

/** Copies, starts and deploys the reader. `session`: `[idleSeconds, maxSeconds]`. */
export async function startGithubReader(o: { prefix: string; passphrase: string; runnerStartMs: number; session?: [number, number] }): Promise<GithubReader> {
  mkdirSync(join(root, 'tmp'), { recursive: true });
  const dir = mkdtempSync(join(root, 'tmp', `${o.prefix}-`));
  cpSync(join(root, 'apps', 'rss-reader'), dir, { recursive: true, filter: (src) => !/[\\/](dist|\.gfa|node_modules)$/.test(src) });
  if (o.session) withSession(dir, ...o.session);
  const dev = await startGithubDev({ appDir: dir, log: () => {}, runnerEnv: { RSS_ALLOW_LOOPBACK: '1' }, runnerStartMs: o.runnerStartMs });
  const feeds = await startFeedServer();
  const stop = async (): Promise<void> => {
    await feeds.close();
    await dev.close();
    rmSync(dir, { recursive: true, force: true });
  };
  const env = { GITHUB_API_URL: dev.emu.apiUrl, GITHUB_TOKEN: readFileSync(dev.ownerTokenFile, 'utf8').trim(), GFA_PASSPHRASE: o.passphrase };
  const deployed = await runProgram(GFA_BIN, ['deploy', dir, '--forge', 'github', '--repo', dev.repo, '--dispatch-token-file', dev.dispatchTokenFile], { env });
  if (deployed.code !== 0) await stop();
  expect(deployed.code, deployed.stderr).toBe(0);
  return { dir, dev, feeds, env, stop };
}
