/** Test setup for the GitLab adapters: the rss-reader on the GitLab emulator (a test double). */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Manifest } from '../../../framework/app/manifest.ts';
import { startGitlabDev, type GitlabDev, type GitlabDevOptions } from '../../../framework/dev/gitlab/server.ts';

/** The app every GitLab test deploys (built; dist/ and .gitlab-ci.yml committed). */
export const APP_DIR = new URL('../../../apps/rss-reader', import.meta.url).pathname;
/** Weak Argon2id limits: tests only. */
export const KDF = { opslimit: 1, memlimit: 8192 };

/** The rss-reader's manifest. */
export async function appManifest(): Promise<Manifest> {
  return JSON.parse(await readFile(join(APP_DIR, 'dist', 'gfa.json'), 'utf8')) as Manifest;
}

/** Starts the emulator with the rss-reader as its project. */
export function startEmulator(options: Partial<GitlabDevOptions> = {}): Promise<GitlabDev> {
  return startGitlabDev({ appDir: APP_DIR, path: 'group/sub/rss', ...options });
}

/** Collects what the CLI functions print. */
export function capture(): { out: string[]; err: string[]; io: { out: (s: string) => void; err: (s: string) => void } } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (s) => out.push(s), err: (s) => err.push(s) } };
}
