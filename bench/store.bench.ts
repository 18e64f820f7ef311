/**
 * The data-branch store: time to commit one changed key into stores of 100, 10,000 and 100,000
 * keys, gfa vs the naive way (clone/check out, write, `git add -A`, commit, push), and bytes
 * fetched over smart HTTP to read one key from the 100,000-key store vs a full shallow fetch.
 * Stores are built with `git fast-import`; keys use a one-level fan-out `k/<xx>/<n>`.
 */
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gitDriver } from '../framework/store/drivers/git.ts';
import { createStore } from '../framework/store/store.ts';
import { startGitServer } from '../test/helpers/git-server.ts';
import type { Report } from './index.ts';

const run = promisify(execFile);
const VALUE_BYTES = 600; // 100,000 keys x 600 random bytes = 60 MB of values
const SIZES = [100, 10_000, 100_000];
const ENV = { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' };

const keyOf = (i: number) => `k/${(i % 256).toString(16).padStart(2, '0')}/${i}`;
const git = async (cwd: string, ...args: string[]) => (await run('git', args, { cwd, env: ENV, maxBuffer: 1 << 28 })).stdout;

/** Fills bare repo `dir` with one commit on `data` holding `count` keys of random values. */
async function fastImport(dir: string, count: number): Promise<void> {
  const child = spawn('git', ['fast-import', '--quiet'], { cwd: dir, env: ENV, stdio: ['pipe', 'ignore', 'inherit'] });
  const done = new Promise<void>((res, rej) => child.on('close', (c) => (c === 0 ? res() : rej(new Error(`fast-import exit ${c}`)))));
  const write = async (chunk: Buffer | string) => {
    if (!child.stdin.write(chunk)) await new Promise((r) => child.stdin.once('drain', r));
  };
  for (let i = 0; i < count; i++) {
    await write(`blob\nmark :${i + 1}\ndata ${VALUE_BYTES}\n`);
    await write(Buffer.concat([randomBytes(VALUE_BYTES), Buffer.from('\n')]));
  }
  await write('commit refs/heads/data\ncommitter gfa <gfa@localhost> 0 +0000\ndata 5\ninit\n');
  const lines: string[] = [];
  for (let i = 0; i < count; i++) lines.push(`M 100644 :${i + 1} ${keyOf(i)}\n`);
  await write(lines.join(''));
  child.stdin.end();
  await done;
}

async function timed(fn: () => Promise<void>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** gfa: a fresh cache (as in a CI job), one transaction setting one key, then close. */
async function gfaCommit(remote: string, work: string, i: number): Promise<void> {
  const store = createStore(gitDriver({ remote, cacheDir: mkdtempSync(join(work, 'cache-')) }));
  await store.set(keyOf(i * 7), `changed ${i}`);
  await store.close();
}

/** The naive way: shallow clone with checkout, write the file, add -A, commit, push. */
async function naiveCommit(remote: string, work: string, i: number): Promise<void> {
  const dir = mkdtempSync(join(work, 'naive-'));
  await git(work, 'clone', '-q', '--depth=1', '--no-local', '-b', 'data', remote, dir);
  writeFileSync(join(dir, keyOf(i * 11)), `naive ${i}`);
  await git(dir, 'add', '-A');
  await git(dir, '-c', 'user.name=n', '-c', 'user.email=n@n', 'commit', '-q', '-m', 'naive');
  await git(dir, 'push', '-q', 'origin', 'data');
  rmSync(dir, { recursive: true, force: true });
}

export default async function storeBench(report: Report): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'gfa-bench-store-'));
  const server = await startGitServer();
  try {
    const gfaMs: Record<number, number> = {};
    for (const size of SIZES) {
      const repo = server.createRepo(`s${size}`);
      const built = await timed(() => fastImport(repo, size));
      process.stderr.write(`bench: store: built ${size} keys in ${Math.round(built)} ms\n`);
      await gfaCommit(repo, work, 0); // warm the OS caches once
      const runs = size >= 100_000 ? 2 : 3;
      const g: number[] = [];
      for (let i = 1; i <= 5; i++) g.push(await timed(() => gfaCommit(repo, work, i)));
      process.stderr.write(`bench: store: gfa ${size}: ${g.map(Math.round).join(', ')} ms; naive runs...\n`);
      const n: number[] = [];
      for (let i = 1; i <= runs; i++) n.push(await timed(() => naiveCommit(repo, work, i)));
      gfaMs[size] = median(g);
      report({ name: `commit-one-key/gfa/${size}`, value: Math.round(median(g)), unit: 'ms', keys: size, runs: g.map(Math.round), note: 'fresh cache each run' });
      // The naive figure is its best run (conservative for the ratio); gfa's is the median of 5.
      report({ name: `commit-one-key/naive/${size}`, value: Math.round(Math.min(...n)), unit: 'ms', keys: size, runs: n.map(Math.round), stat: 'min' });
      report({ name: `commit-one-key/naive-over-gfa/${size}`, value: Number((Math.min(...n) / median(g)).toFixed(1)), unit: 'x', target: size === 100_000 ? '>= 20' : undefined });
      if (size === 100_000) {
        report({ name: 'commit-one-key/gfa/100000-over-100', value: Number((gfaMs[100_000]! / gfaMs[100]!).toFixed(2)), unit: 'x', target: '<= 2' });
        const url = server.url(`s${size}`);
        const before = server.requests.bytesOut;
        const store = createStore(gitDriver({ remote: url, cacheDir: mkdtempSync(join(work, 'read-')) }));
        const value = await store.getBytes(keyOf(4242));
        await store.close();
        if (value?.length !== VALUE_BYTES) throw new Error('read the wrong value');
        const oneKey = server.requests.bytesOut - before;
        const full0 = server.requests.bytesOut;
        await git(work, 'clone', '-q', '--bare', '--depth=1', '-b', 'data', url, join(work, 'full.git'));
        const full = server.requests.bytesOut - full0;
        const bl0 = server.requests.bytesOut;
        await git(work, 'clone', '-q', '--bare', '--depth=1', '--filter=blob:none', '-b', 'data', url, join(work, 'blobless.git'));
        const blobless = server.requests.bytesOut - bl0;
        report({ name: 'read-one-key/gfa/100000', value: oneKey, unit: 'bytes', target: '< 1000000', valuesBytes: size * VALUE_BYTES });
        report({ name: 'read-one-key/full-shallow-fetch/100000', value: full, unit: 'bytes' });
        report({ name: 'read-one-key/blobless-shallow-fetch/100000', value: blobless, unit: 'bytes', note: 'all trees, no blobs' });
        report({ name: 'read-one-key/full-over-gfa/100000', value: Number((full / oneKey).toFixed(0)), unit: 'x' });
      }
    }
  } finally {
    await server.close();
    rmSync(work, { recursive: true, force: true });
  }
}
