/** Helpers for store tests on real git: bare remotes (path or served over HTTP) and async git calls. */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Runs git asynchronously (a test git server may run in this process) and returns stdout. */
export async function git(cwd: string, ...args: string[]): Promise<string> {
  return (await run('git', args, { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 })).stdout;
}

/** Makes `dir` a bare repository that serves partial clones and logs every update of its refs. */
export async function setupBare(dir: string): Promise<void> {
  await run('git', ['init', '--bare', '-q', dir]);
  for (const [k, v] of [
    ['uploadpack.allowFilter', 'true'],
    ['uploadpack.allowAnySHA1InWant', 'true'],
    ['core.logAllRefUpdates', 'always'],
  ]) {
    await git(dir, 'config', k!, v!);
  }
}

/** Number of updates of `refs/heads/<branch>` (one per commit landed), from the remote's reflog. */
export async function countUpdates(bare: string, branch = 'data'): Promise<number> {
  try {
    return (await git(bare, 'reflog', 'show', '--format=%H', `refs/heads/${branch}`)).split('\n').filter(Boolean).length;
  } catch {
    return 0;
  }
}

/** A temporary directory and its removal. */
export function tempDir(prefix: string): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), `gfa-${prefix}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
