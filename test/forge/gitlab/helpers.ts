/** Test setup for the GitLab adapters: the rss-reader on the GitLab emulator (a test double). */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Manifest } from '../../../framework/app/manifest.ts';
import { setTestKdf } from '../../../framework/cli/forge-args.ts';
import { runMain, type MainRun } from '../../cli/helpers/main.ts';
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

/**
 * Runs `gfa <command> APP_DIR --forge gitlab --repo <project> ...args` in this process (framework/cli/main.ts)
 * against emulator `gl`, with GITLAB_TOKEN and GITLAB_URL set; `kdf` (tests only, through setTestKdf)
 * makes deploy's keys file cheap; pass `null` for the real (MODERATE) limits.
 */
export async function gfaGitlab(
  gl: GitlabDev, command: string, args: string[] = [], env: Record<string, string> = {}, kdf: typeof KDF | null = KDF,
): Promise<MainRun> {
  const [cmd, ...positionals] = command.split(' ');
  setTestKdf(kdf ?? undefined);
  try {
    return await runMain([cmd!, ...positionals, APP_DIR, '--forge', 'gitlab', '--repo', gl.project, ...args], { GITLAB_TOKEN: gl.token, GITLAB_URL: gl.url, GFA_SECRET_KEY: '', GFA_PASSPHRASE: '', ...env });
  } finally {
    setTestKdf(undefined);
  }
}
