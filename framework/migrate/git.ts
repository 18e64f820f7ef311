/**
 * Real `git` between two forges' smart-HTTP endpoints, through a temporary bare repository. Each
 * remote's token reaches git as an `http.<url>.extraHeader` in the environment (GIT_CONFIG_COUNT), never
 * in argv (which other local users can read) nor in a message; the header is scoped to that remote's
 * URL, so neither forge sees the other's token.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GfaError } from '../errors.ts';
import type { GitRemote } from '../forge/types.ts';
import { gitEnv, redact } from '../store/git/exec.ts';

/** A temporary bare repository that talks to the given remotes. */
export interface GitSession {
  /** The commit `ref` points at on `remote`, or undefined when there is no such ref. */
  head(remote: GitRemote, ref: string): Promise<string | undefined>;
  /** Fetches `ref` of `remote` (its whole history, as it is) into the session. */
  fetch(remote: GitRemote, ref: string): Promise<void>;
  /** Pushes commit `sha` to `ref` on `remote` only while `ref` is still `expected` there (undefined: absent). */
  push(remote: GitRemote, sha: string, ref: string, expected: string | undefined): Promise<void>;
  /** A fetched commit's root tree and message. */
  commit(sha: string): Promise<{ tree: string; message: string }>;
  close(): Promise<void>;
}

/** Opens a session for `remotes` (their credentials are fixed for its life). */
export async function openGitSession(remotes: GitRemote[]): Promise<GitSession> {
  const dir = await mkdtemp(join(tmpdir(), 'gfa-migrate-'));
  const env: NodeJS.ProcessEnv = { ...gitEnv(), GIT_CONFIG_COUNT: String(remotes.length) };
  remotes.forEach((r, i) => {
    env[`GIT_CONFIG_KEY_${i}`] = `http.${r.url}.extraHeader`;
    env[`GIT_CONFIG_VALUE_${i}`] = `Authorization: Basic ${Buffer.from(`${r.username}:${r.password}`).toString('base64')}`;
  });
  const secrets = remotes.map((r) => r.password);
  const run = (args: string[]): Promise<string> =>
    new Promise((resolve, reject) => {
      const child = spawn('git', args, { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      child.on('error', (e) => reject(new GfaError('E_GIT', `cannot run git (${e.message}); install git and put it on PATH`)));
      child.on('close', (code) => {
        if (code === 0) return resolve(out);
        const line = err.split('\n').map((l) => l.trim()).find((l) => /^(fatal|error|remote):/.test(l)) ?? err.split('\n')[0] ?? '';
        let text = redact(`git ${args[0]} failed (exit ${code}): ${line || 'no message'}`);
        for (const s of secrets) if (s) text = text.split(s).join('***');
        reject(new GfaError('E_GIT', text));
      });
    });
  await run(['init', '--quiet', '--bare', '.']);
  return {
    async head(remote, ref) {
      const out = await run(['ls-remote', '--', remote.url, ref]);
      const line = out.split('\n').find((l) => l.endsWith(`\t${ref}`));
      return line?.split('\t')[0];
    },
    async fetch(remote, ref) {
      await run(['fetch', '--quiet', '--no-tags', '--', remote.url, `+${ref}:${ref}`]);
    },
    async push(remote, sha, ref, expected) {
      await run(['push', '--quiet', '--porcelain', `--force-with-lease=${ref}:${expected ?? ''}`, '--', remote.url, `${sha}:${ref}`]);
    },
    async commit(sha) {
      const text = await run(['cat-file', 'commit', sha]);
      const tree = /^tree ([0-9a-f]{40,64})$/m.exec(text)?.[1];
      const blank = text.indexOf('\n\n');
      if (!tree || blank === -1) throw new GfaError('E_GIT', `commit ${sha} has no tree or message`);
      return { tree, message: text.slice(blank + 2) };
    },
    close: () => rm(dir, { recursive: true, force: true }),
  };
}
