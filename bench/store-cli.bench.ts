/**
 * The data branch through the CLI (issue 27): `gfa kv set` / `kv get` / `kv list` as processes,
 * each with a fresh cache as in a CI job, against a local bare repository and against
 * `git http-backend` over smart HTTP on 127.0.0.1; for 100, 10,000 and 100,000 keys in one flat
 * directory (`k/000000`…) and in a one-level fan-out (`k/<xx>/<n>`); "before" (`GFA_FANOUT=off`: no
 * directory fans out, as gfa wrote before the adaptive fan-out) and "after" (the default limits).
 * Stores are built by `git fast-import` and `git mktree` with 64-byte values (store.bench.ts uses
 * 600; the size of values does not change what a one-key write or read touches), so they carry no
 * layout trailer: the first "after" write into a flat directory of more than 1,024 keys fans it
 * out. That write is its own figure (`first-write`); the others are the steady state after it.
 * Figures are medians of REPS runs, before and after interleaved so that both see the same load on
 * the machine; the goal on writes compares the smallest and largest flat stores written alternately.
 * Bytes are counted by the test git server (`fetchedBytes`: answers sent; `pushedBytes`: requests).
 * `GFA_BENCH_SIZES=100,2000` runs other sizes (a quick check of the bench itself).
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startGitServer, type GitServer } from '../test/helpers/git-server.ts';
import { fastImport, gfa, LAYOUTS, median, VALUE_BYTES, type LayoutName } from './store-cli/fixtures.ts';
import { reportGoals, type Figures } from './store-cli/goals.ts';
import type { Report } from './index.ts';

const SIZES = (process.env.GFA_BENCH_SIZES ?? '100,10000,100000').split(',').map(Number);
const REPS = 5;
const LIST_REPS = 3;
const PAIRED_REPS = 11;
const MODES = { before: { GFA_FANOUT: 'off' }, after: { GFA_FANOUT: '' } } as const;
type Mode = keyof typeof MODES;
const MODE_NAMES = Object.keys(MODES) as Mode[];
type Remote = 'local' | 'http';

/** One remote of one store per mode, and the work done on it. */
interface Cell {
  size: number;
  layout: LayoutName;
  remote: Remote;
  urls: Record<Mode, string>;
}

/** Runs `args` against `url` in `mode`; on http, also the bytes the server sent and received. */
async function measure(server: GitServer, work: string, cell: Cell, mode: Mode, args: string[]) {
  const out0 = server.requests.bytesOut;
  const in0 = server.requests.bytesIn;
  const r = await gfa(work, [...args, '--remote', cell.urls[mode]], MODES[mode]);
  return { ...r, sent: server.requests.bytesOut - out0, received: server.requests.bytesIn - in0 };
}

type Measured = Awaited<ReturnType<typeof measure>>;
const OPS = ['set', 'get', 'list'] as const;

async function runCell(report: Report, server: GitServer, work: string, cell: Cell, figures: Figures): Promise<void> {
  const { size, layout, remote } = cell;
  const keyOf = LAYOUTS[layout];
  const at = `${remote}/${layout}/${size}`;
  const http = remote === 'http';
  const bytes = (xs: number[]) => (http ? Math.round(median(xs)) : undefined);
  for (const mode of MODE_NAMES) {
    const r = await measure(server, work, cell, mode, ['kv', 'set', keyOf(1), 'first']);
    const converts = mode === 'after' && layout === 'flat' && size > 1024;
    report({ name: `cli/first-write/${at}/${mode}`, value: Math.round(r.ms), unit: 'ms', converts, fetchedBytes: bytes([r.sent]), pushedBytes: bytes([r.received]) });
  }
  const runs = { set: new Map<Mode, Measured[]>(), get: new Map<Mode, Measured[]>(), list: new Map<Mode, Measured[]>() };
  for (const mode of MODE_NAMES) for (const op of OPS) runs[op].set(mode, []);
  for (let i = 1; i <= REPS; i++) {
    for (const mode of MODE_NAMES) runs.set.get(mode)!.push(await measure(server, work, cell, mode, ['kv', 'set', keyOf((i * 7919 + 11) % size), `v${i}`]));
  }
  for (let i = 1; i <= REPS; i++) {
    for (const mode of MODE_NAMES) {
      const r = await measure(server, work, cell, mode, ['kv', 'get', keyOf((i * 104729 + 5) % size)]);
      if (r.stdout.length !== VALUE_BYTES) throw new Error(`kv get read ${r.stdout.length} bytes, not ${VALUE_BYTES}`);
      runs.get.get(mode)!.push(r);
    }
  }
  for (let i = 1; i <= LIST_REPS; i++) {
    for (const mode of MODE_NAMES) {
      const r = await measure(server, work, cell, mode, ['kv', 'list', 'k/']);
      const lines = r.stdout.toString().split('\n').length - 1;
      if (lines !== size) throw new Error(`kv list printed ${lines} keys, not ${size}`);
      runs.list.get(mode)!.push(r);
    }
  }
  for (const op of OPS) {
    for (const mode of MODE_NAMES) {
      const rs = runs[op].get(mode)!;
      const ms = median(rs.map((r) => r.ms));
      figures.set(`${op}/${at}/${mode}`, ms);
      const traffic = { fetchedBytes: bytes(rs.map((r) => r.sent)), pushedBytes: op === 'set' ? bytes(rs.map((r) => r.received)) : undefined };
      report({ name: `cli/${op}/${at}/${mode}`, value: Math.round(ms), unit: 'ms', keys: size, runs: rs.map((r) => Math.round(r.ms)), ...traffic });
      if (op === 'get' && http) {
        const b = median(rs.map((r) => r.sent));
        figures.set(`get-bytes/${at}/${mode}`, b);
        report({ name: `cli/get-bytes/${at}/${mode}`, value: b, unit: 'bytes', keys: size, note: 'bytes git http-backend sent for one kv get' });
      }
    }
  }
  const both = (op: string) => MODE_NAMES.map((m) => Math.round(figures.get(`${op}/${at}/${m}`)!)).join('/');
  process.stderr.write(`bench: store-cli: ${at}: set ${both('set')} ms, get ${both('get')} ms (before/after)\n`);
}

/**
 * Issue 27's first goal, measured so that both sides see the same load: one-key writes into the
 * smallest and the largest flat store (already fanned out), alternating, PAIRED_REPS times each.
 */
async function pairedWrites(report: Report, work: string, remote: Remote, [smallUrl, largeUrl]: string[], small: number, large: number): Promise<void> {
  const runs: Record<'small' | 'large', number[]> = { small: [], large: [] };
  for (let i = 1; i <= PAIRED_REPS; i++) {
    runs.small.push((await gfa(work, ['kv', 'set', LAYOUTS.flat((i * 31) % small), `p${i}`, '--remote', smallUrl!], MODES.after)).ms);
    runs.large.push((await gfa(work, ['kv', 'set', LAYOUTS.flat((i * 7717) % large), `p${i}`, '--remote', largeUrl!], MODES.after)).ms);
  }
  const [a, b] = [median(runs.large), median(runs.small)];
  const value = Number((a / b).toFixed(2));
  report({
    name: `goal/write-${large}-over-${small}/${remote}/flat/after`,
    value,
    unit: 'x',
    goal: '<= 1.5',
    met: value <= 1.5,
    numerator: Math.round(a),
    denominator: Math.round(b),
    ofBestRuns: Number((Math.min(...runs.large) / Math.min(...runs.small)).toFixed(2)),
    runs: { [large]: runs.large.map(Math.round), [small]: runs.small.map(Math.round) },
    note: 'writes alternating between the two stores',
  });
}

export default async function storeCliBench(report: Report): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'gfa-bench-store-cli-'));
  const server = await startGitServer();
  const figures: Figures = new Map();
  const [small, large] = [Math.min(...SIZES), Math.max(...SIZES)];
  const paired: Record<Remote, string[]> = { local: [], http: [] }; // the flat "after" stores of both ends, for the goal's ratio
  try {
    const floor: number[] = [];
    for (let i = 0; i < REPS; i++) floor.push((await gfa(work, ['kv', '--help'], {})).ms);
    figures.set('floor', median(floor));
    report({ name: 'cli/process-floor', value: Math.round(median(floor)), unit: 'ms', runs: floor.map(Math.round), note: 'gfa kv --help: node start and CLI load, no store' });
    for (const size of SIZES) {
      for (const layout of Object.keys(LAYOUTS) as LayoutName[]) {
        const template = server.createRepo(`template-${size}-${layout}`);
        const t = performance.now();
        await fastImport(template, size, LAYOUTS[layout]);
        process.stderr.write(`bench: store-cli: built ${size} keys (${layout}) in ${Math.round(performance.now() - t)} ms\n`);
        for (const remote of ['local', 'http'] as const) {
          const urls = {} as Record<Mode, string>;
          for (const mode of MODE_NAMES) {
            const name = `${size}-${layout}-${mode}-${remote}`;
            const dir = join(server.root, `${name}.git`);
            cpSync(template, dir, { recursive: true });
            urls[mode] = remote === 'local' ? dir : server.url(name);
          }
          await runCell(report, server, work, { size, layout, remote, urls }, figures);
          const keep = layout === 'flat' && (size === small || size === large);
          if (keep) paired[remote].push(urls.after);
          for (const mode of MODE_NAMES) if (!(keep && mode === 'after')) rmSync(join(server.root, `${size}-${layout}-${mode}-${remote}.git`), { recursive: true, force: true });
        }
        rmSync(template, { recursive: true, force: true });
      }
    }
    for (const remote of ['local', 'http'] as const) await pairedWrites(report, work, remote, paired[remote], small, large);
    reportGoals(report, figures, SIZES);
  } finally {
    await server.close();
    rmSync(work, { recursive: true, force: true });
  }
}
