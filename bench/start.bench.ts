/**
 * Start-up costs of what users run: `gfa --help` (the compiled bin, plain node) against `node -e ''`,
 * and each apps/rss-reader job bundle: its size and the time node takes to load it and stop at the
 * first missing setting (no GFA_SECRET_KEY): a no-op start, before any network or git work. Runs are
 * interleaved so machine load hits all alike; medians of 21 runs (BENCH_RUNS to change).
 */
import { spawn } from 'node:child_process';
import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Report } from './index.ts';

const ROOT = resolve(import.meta.dirname, '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 21);
const BIN = join(ROOT, 'framework/cli/bin.mjs');
const JOBS = join(ROOT, 'apps/rss-reader/dist/jobs');

function timedRun(args: string[], expectCode: number): Promise<number> {
  return new Promise((ok, fail) => {
    const t = performance.now();
    const child = spawn(process.execPath, args, { cwd: ROOT, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' }, stdio: 'ignore' });
    child.on('error', fail);
    child.on('close', (code) => (code === expectCode ? ok(performance.now() - t) : fail(new Error(`node ${args.join(' ')} exited ${code}, expected ${expectCode}`))));
  });
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

const round = (x: number): number => Math.round(x * 10) / 10;

export default async function start(report: Report): Promise<void> {
  const bundles = (await readdir(JOBS)).filter((f) => f.endsWith('.mjs')).sort();
  const runs: Record<string, { args: string[]; code: number; times: number[] }> = {
    node: { args: ['-e', ''], code: 0, times: [] },
    help: { args: [BIN, '--help'], code: 0, times: [] },
  };
  // A bundle with no environment loads completely, then exits 1 (no GFA_SECRET_KEY / GFA_REMOTE).
  for (const b of bundles) runs[b] = { args: [join(JOBS, b)], code: 1, times: [] };
  for (const r of Object.values(runs)) await timedRun(r.args, r.code); // warm the file cache
  for (let i = 0; i < RUNS; i++) for (const r of Object.values(runs)) r.times.push(await timedRun(r.args, r.code));
  const node = median(runs.node!.times);
  const help = median(runs.help!.times);
  const min = (k: string): number => round(Math.min(...runs[k]!.times));
  report({ name: 'node-e-empty', value: round(node), unit: 'ms', runs: RUNS, min: min('node'), what: "node -e ''" });
  report({ name: 'gfa-help', value: round(help), unit: 'ms', runs: RUNS, min: min('help'), what: 'node framework/cli/bin.mjs --help (compiled, no tsx)' });
  // Medians of interleaved runs; on a busy machine the ratio of the minimums is the steadier figure.
  report({ name: 'gfa-help-vs-node', value: Math.round((help / node) * 100) / 100, unit: 'x', target: '<= 2', minRatio: Math.round((min('help') / min('node')) * 100) / 100, what: "gfa --help vs node -e ''" });
  for (const b of bundles) {
    const name = b.replace(/\.mjs$/, '');
    report({ name: `rss-reader-${name}-bytes`, value: (await stat(join(JOBS, b))).size, unit: 'B', what: `apps/rss-reader/dist/jobs/${b}` });
    report({ name: `rss-reader-${name}-start`, value: round(median(runs[b]!.times)), unit: 'ms', runs: RUNS, min: min(b), what: 'node loads the bundle and stops at the first missing setting (no-op start)' });
  }
}
