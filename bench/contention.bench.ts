/**
 * The store under contention: 8 and 16 concurrent writer processes, each doing what `gfa kv set`
 * does five times (open a store with a fresh private cache, set one key, close), against one bare
 * remote, for 10 rounds. Per variant: failed writes, lost writes (a set that reported success but
 * whose key is absent afterwards), commits per second and the p95 time of one write.
 *
 * `current` is this tree's code; `before` is the code of commit 0f796b7 (retries counted, 9
 * attempts), taken with `git archive` into a temporary folder. Both writers are bundled with esbuild
 * so a process starts in ~0.1 s and the figures measure the store, not TypeScript loading.
 * CONTENTION_ROUNDS (default 3) and CONTENTION_WRITERS (default "8,16") change the load.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Report } from './index.ts';

const run = promisify(execFile);
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const BEFORE = '0f796b7';
const KEYS = 5;
const ROUNDS = Number(process.env.CONTENTION_ROUNDS ?? 3); // 3 keeps the run near 3 minutes on a busy 2-core machine; the figure is CONTENTION_ROUNDS=10
const WRITERS = (process.env.CONTENTION_WRITERS ?? '8,16').split(',').map(Number);
const ENV = { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' };

/** The writer: `node writer.mjs REMOTE ID ROUND` prints one JSON line per set: {ms, ok, code}. */
const writerSource = (framework: string): string => `
import { gitDriver } from ${JSON.stringify(join(framework, 'store/drivers/git.ts'))};
import { createStore } from ${JSON.stringify(join(framework, 'store/store.ts'))};
const [remote, id, round] = process.argv.slice(2);
for (let k = 0; k < ${KEYS}; k++) {
  const t = performance.now();
  const store = createStore(gitDriver({ remote }));
  let ok = true, code;
  try { await store.set(\`r\${round}/w\${id}/k\${k}\`, \`v\${round}.\${id}.\${k}\`); } catch (e) { ok = false; code = e.code ?? String(e); }
  await store.close();
  process.stdout.write(JSON.stringify({ ms: performance.now() - t, ok, code }) + '\\n');
}
`;

async function bundle(work: string, name: string, framework: string): Promise<string> {
  const entry = join(work, `${name}-writer.ts`);
  writeFileSync(entry, writerSource(framework));
  const out = join(work, `${name}-writer.mjs`);
  const banner = "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);";
  await run(join(ROOT, 'node_modules/.bin/esbuild'), [entry, '--bundle', '--platform=node', '--format=esm', '--target=node20', `--banner:js=${banner}`, `--outfile=${out}`, '--log-level=error']);
  return out;
}

interface Write { ms: number; ok: boolean; code?: string }

function writer(script: string, remote: string, id: number, round: number): Promise<Write[]> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [script, remote, String(id), String(round)], { env: ENV, stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('close', () => {
      const writes = out.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Write);
      // A writer that died mid-way: its missing sets count as failed.
      while (writes.length < KEYS) writes.push({ ms: 0, ok: false, code: 'crashed' });
      resolve(writes);
    });
  });
}

function p95(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * 0.95))] ?? 0;
}

async function measure(report: Report, variant: string, script: string, work: string, writers: number): Promise<void> {
  const remote = join(work, `${variant}-${writers}.git`);
  await run('git', ['init', '-q', '--bare', remote], { env: ENV });
  const times: number[] = [];
  let failed = 0;
  let lost = 0;
  let landed = 0;
  let wall = 0;
  const codes = new Set<string>();
  for (let round = 0; round < ROUNDS; round++) {
    const t = performance.now();
    const results = await Promise.all(Array.from({ length: writers }, (_, id) => writer(script, remote, id, round)));
    wall += performance.now() - t;
    const tree = new Set((await run('git', ['-C', remote, 'ls-tree', '-r', '--name-only', 'data', `r${round}/`], { env: ENV })).stdout.split('\n'));
    results.forEach((writes, id) =>
      writes.forEach((w, k) => {
        const present = tree.has(`r${round}/w${id}/k${k}`);
        if (!w.ok) {
          failed++;
          if (w.code) codes.add(w.code);
        } else if (!present) lost++;
        else landed++;
        if (w.ok) times.push(w.ms);
      }),
    );
  }
  const base = { writers, keysPerWriter: KEYS, rounds: ROUNDS, variant };
  report({ name: `contention/${variant}/${writers}/failed-writes`, value: failed, unit: 'writes', of: writers * KEYS * ROUNDS, ...base, ...(codes.size ? { codes: [...codes] } : {}), target: variant === 'current' ? '0' : undefined });
  report({ name: `contention/${variant}/${writers}/lost-writes`, value: lost, unit: 'writes', ...base, target: variant === 'current' ? '0' : undefined });
  report({ name: `contention/${variant}/${writers}/commits-per-second`, value: Number((landed / (wall / 1000)).toFixed(1)), unit: 'commits/s', ...base });
  report({ name: `contention/${variant}/${writers}/p95-write`, value: Math.round(p95(times)), unit: 'ms', ...base, note: 'one kv set: open, fetch, commit, push, close; successful writes only' });
}

export default async function contention(report: Report): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'gfa-bench-contention-'));
  try {
    const old = join(work, 'before');
    await run('sh', ['-c', `mkdir -p "${old}" && git -C "${ROOT}" archive ${BEFORE} framework | tar -x -C "${old}"`]);
    const variants: [string, string][] = [
      ['current', await bundle(work, 'current', join(ROOT, 'framework'))],
      [`before-${BEFORE}`, await bundle(work, 'before', join(old, 'framework'))],
    ];
    for (const writers of WRITERS) {
      for (const [variant, script] of variants) {
        process.stderr.write(`bench: contention ${variant} ${writers} writers...\n`);
        await measure(report, variant, script, work, writers);
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
