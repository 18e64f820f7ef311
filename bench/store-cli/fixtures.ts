/**
 * Fixtures of `bench/store-cli.bench.ts`: stores built with `git fast-import` in the two layouts
 * apps meet, and the `gfa` CLI run as a process, timed from spawn to exit.
 */
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

/** Bytes of each value: small, so that building 100,000 keys stays quick (store.bench.ts uses 600). */
export const VALUE_BYTES = 64;

/** git without the machine's configuration. */
export const GIT_ENV = { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' };

/** The two layouts: every key in one flat directory, or the one-level fan-out store.bench.ts uses. */
export const LAYOUTS = {
  flat: (i: number) => `k/${String(i).padStart(6, '0')}`,
  fan1: (i: number) => `k/${(i % 256).toString(16).padStart(2, '0')}/${i}`,
} as const;
export type LayoutName = keyof typeof LAYOUTS;

const run = promisify(execFile);
export const git = async (cwd: string, ...args: string[]): Promise<string> => (await run('git', args, { cwd, env: GIT_ENV, maxBuffer: 1 << 28 })).stdout;

/**
 * Fills bare repo `dir` with one commit on `data` (no layout trailer, as a store from before)
 * holding `count` keys. Blobs go through `git fast-import`; trees through `git mktree`, one per
 * directory (fast-import inserts into a directory by linear search: 100,000 siblings took 47 s).
 */
export async function fastImport(dir: string, count: number, keyOf: (i: number) => string): Promise<void> {
  const marks = join(dir, 'bench-marks');
  const child = spawn('git', ['fast-import', '--quiet', `--export-marks=${marks}`], { cwd: dir, env: GIT_ENV, stdio: ['pipe', 'ignore', 'inherit'] });
  const done = new Promise<void>((res, rej) => child.on('close', (c) => (c === 0 ? res() : rej(new Error(`fast-import exit ${c}`)))));
  const write = async (chunk: Buffer | string) => {
    if (!child.stdin.write(chunk)) await new Promise((r) => child.stdin.once('drain', r));
  };
  for (let i = 0; i < count; i++) {
    await write(`blob\nmark :${i + 1}\ndata ${VALUE_BYTES}\n`);
    await write(Buffer.concat([randomBytes(VALUE_BYTES), Buffer.from('\n')]));
  }
  child.stdin.end();
  await done;
  const sha = new Map(readFileSync(marks, 'utf8').trim().split('\n').map((l) => [Number(l.slice(1, l.indexOf(' '))), l.slice(l.indexOf(' ') + 1)]));
  rmSync(marks);
  const root: Dir = new Map();
  for (let i = 0; i < count; i++) {
    const parts = keyOf(i).split('/');
    let d = root;
    for (const p of parts.slice(0, -1)) d = (d.get(p) as Dir | undefined) ?? (d.set(p, new Map()).get(p) as Dir);
    d.set(parts.at(-1)!, sha.get(i + 1)!);
  }
  const tree = await mktree(dir, root);
  const commit = await runWithInput(dir, ['commit-tree', tree, '-m', 'init'], '');
  await git(dir, 'update-ref', 'refs/heads/data', commit.trim());
}

/** A directory to write: names to blob shas or to sub-directories. */
type Dir = Map<string, string | Dir>;

async function mktree(dir: string, d: Dir): Promise<string> {
  const lines: string[] = [];
  for (const [name, v] of d) lines.push(typeof v === 'string' ? `100644 blob ${v}\t${name}` : `040000 tree ${await mktree(dir, v)}\t${name}`);
  return (await runWithInput(dir, ['mktree'], `${lines.join('\n')}\n`)).trim();
}

function runWithInput(cwd: string, args: string[], input: string): Promise<string> {
  const env = { ...GIT_ENV, GIT_AUTHOR_NAME: 'gfa', GIT_AUTHOR_EMAIL: 'gfa@localhost', GIT_COMMITTER_NAME: 'gfa', GIT_COMMITTER_EMAIL: 'gfa@localhost', GIT_AUTHOR_DATE: '2026-01-01T00:00:00Z', GIT_COMMITTER_DATE: '2026-01-01T00:00:00Z' };
  return new Promise((res, rej) => {
    const child = execFile('git', args, { cwd, env, maxBuffer: 1 << 28 }, (err, stdout) => (err ? rej(err) : res(stdout)));
    child.stdin!.on('error', () => {}); // commit-tree -m reads no input and may exit first
    child.stdin!.end(input);
  });
}

const BIN = resolve(import.meta.dirname, '../../framework/cli/bin.mjs');

/** One finished CLI process. */
export interface CliRun {
  ms: number;
  stdout: Buffer;
}

/**
 * Runs `node framework/cli/bin.mjs ...args` in `cwd` (no app folder) with no cache directory, so
 * each process starts with a fresh cache as a CI job does; throws on a non-zero exit.
 */
export function gfa(cwd: string, args: string[], env: Record<string, string>): Promise<CliRun> {
  const t = performance.now();
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd,
    env: { ...GIT_ENV, GFA_REMOTE: '', GFA_CACHE_DIR: '', GFA_SECRET_KEY: '', GFA_BRANCH: '', GFA_HISTORY: '', GFA_DEBUG: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out: Buffer[] = [];
  let err = '';
  child.stdout.on('data', (d: Buffer) => out.push(d));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((res, rej) =>
    child.on('close', (code) => {
      const ms = performance.now() - t;
      if (code === 0) res({ ms, stdout: Buffer.concat(out) });
      else rej(new Error(`gfa ${args.slice(0, 2).join(' ')} exit ${code}: ${err.trim().split('\n')[0]}`));
    }),
  );
}

/** The median (the upper one of an even count). */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}
