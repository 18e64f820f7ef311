/**
 * The test bed of `gfa migrate`: both doubles started together on 127.0.0.1 — the GitHub emulator
 * (`gfa dev --as github`'s double) with the dev-app built and pushed as `owner/app`, and the GitLab
 * emulator (`gfa dev --as gitlab`'s double) with the same built app as `group/app`. Test doubles of the
 * forges' documented behaviour, not GitHub or GitLab.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { setTestKdf } from '../../framework/cli/forge-args.ts';
import { startGitlabDev, type GitlabDev } from '../../framework/dev/gitlab/server.ts';
import { openStore } from '../../framework/store/open.ts';
import { runMain, type MainRun } from '../cli/helpers/main.ts';
import { startGithubFixture, type GithubFixture } from '../forge/helpers/github.ts';

const exec = promisify(execFile);

/** Argon2id at libsodium's minimum (tests only). */
export const KDF = { opslimit: 1, memlimit: 8192 };
export const PASS = 'migrate quince harbour ladders seven otters';

/** Both doubles and the files the commands read. */
export interface Bed {
  fx: GithubFixture;
  gl: GitlabDev;
  /** The app folder (a git work tree whose origin is the GitHub double). */
  dir: string;
  passFile: string;
  dispatchFile: string;
  /** The environment every command gets: both forges' tokens and addresses. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

/** Starts both doubles. Always `stop()`. */
export async function startBed(): Promise<Bed> {
  const fx = await startGithubFixture('dev-app');
  let gl: GitlabDev | undefined;
  try {
    gl = await startGitlabDev({ appDir: fx.dir, path: 'group/app', pipelines: false });
    const files = mkdtempSync(join(tmpdir(), 'gfa-migrate-test-'));
    const passFile = join(files, 'pass');
    const dispatchFile = join(files, 'dispatch');
    writeFileSync(passFile, `${PASS}\n`);
    writeFileSync(dispatchFile, `${fx.dispatchToken}\n`);
    const env = { GITHUB_API_URL: fx.emu.apiUrl, GITHUB_TOKEN: fx.ownerToken, GH_TOKEN: '', GITLAB_TOKEN: gl.token, GITLAB_URL: gl.url, GITLAB_READ_TOKEN: '', GFA_PASSPHRASE: '', GFA_SECRET_KEY: '', GFA_DISPATCH_TOKEN: '' };
    const g = gl;
    return { fx, gl, dir: fx.dir, passFile, dispatchFile, env, async stop() { await g.close(); await fx.stop(); } };
  } catch (err) {
    await gl?.close();
    await fx.stop();
    throw err;
  }
}

/** Runs `gfa <args>` in this process with the bed's environment (plus `extra`) and weak Argon2id limits. */
export async function gfa(bed: Bed, args: string[], extra: Record<string, string> = {}): Promise<MainRun> {
  setTestKdf(KDF);
  try {
    return await runMain(args, { ...bed.env, ...extra });
  } finally {
    setTestKdf(undefined);
  }
}

/** A git remote URL with the token in it, for the store (tests only). */
export function authUrl(url: string, user: string, token: string): string {
  const u = new URL(url);
  u.username = user;
  u.password = token;
  return u.toString();
}

/** Writes `values` to the data branch at `remote` as a job would (one commit, signed under `key`). */
export async function writeData(remote: string, key: string, values: Record<string, string>): Promise<void> {
  const store = await openStore({ remote, branch: 'data', secretKeys: key });
  try {
    await store.transaction(async (tx) => {
      for (const [k, v] of Object.entries(values)) tx.set(k, v);
    });
  } finally {
    await store.close();
  }
}

/** Every value of the data branch at `remote`, opened with `key`. */
export async function readData(remote: string, key: string): Promise<Record<string, string>> {
  const store = await openStore({ remote, branch: 'data', secretKeys: key });
  try {
    return await store.transaction(async (tx) => Object.fromEntries(await Promise.all((await tx.list('')).map(async (k) => [k, (await tx.get(k))!]))));
  } finally {
    await store.close();
  }
}

/** The data branch head in a bare repository on disk, or undefined. */
export async function headIn(bareDir: string, branch = 'data'): Promise<string | undefined> {
  try {
    return (await exec('git', ['--git-dir', bareDir, 'rev-parse', '--verify', '--quiet', `refs/heads/${branch}`])).stdout.trim();
  } catch {
    return undefined;
  }
}
