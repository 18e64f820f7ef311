/**
 * A no-op job end to end (start node, read the trigger, open the store, write the result, push to a
 * local bare repo) as a bundle (`node dist/jobs/noop.mjs`), against the floor (`node -e ''` + one
 * `git fetch` + one `git commit-tree` + one `git push` of that commit) and against the same job
 * unbundled under `npx tsx`. Two apps: one with no library but gfa (what the framework costs) and
 * the counter fixture, which also loads zod. Runs are interleaved so machine load hits all alike;
 * medians of 21 runs (BENCH_RUNS to change).
 */
import { spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Report } from './index.ts';
import { buildApp } from '../framework/build/index.ts';
import { jobEntry } from '../framework/build/jobs.ts';

const ROOT = resolve(import.meta.dirname, '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 21);
const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';

function run(cmd: string, args: string[], cwd: string, env: Record<string, string> = {}): Promise<string> {
  return new Promise((ok, fail) => {
    const child = spawn(cmd, args, { cwd, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    child.on('error', fail);
    child.on('close', (code) => (code === 0 ? ok(out) : fail(new Error(`${cmd} ${args.join(' ')} exited ${code}: ${err.slice(-300)}`))));
  });
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

async function seededRepo(dir: string): Promise<string> {
  await run('git', ['init', '--quiet', '--bare', dir], ROOT);
  await run('git', ['-C', dir, 'config', 'uploadpack.allowFilter', 'true'], ROOT);
  await run('git', ['-C', dir, 'mktree'], ROOT); // writes the empty tree (stdin is empty)
  const sha = (await run('git', ['-C', dir, 'commit-tree', EMPTY_TREE, '-m', 'seed'], ROOT, { GIT_AUTHOR_NAME: 'b', GIT_AUTHOR_EMAIL: 'b@b', GIT_COMMITTER_NAME: 'b', GIT_COMMITTER_EMAIL: 'b@b' })).trim();
  await run('git', ['-C', dir, 'update-ref', 'refs/heads/data', sha], ROOT);
  return dir;
}

export default async function job(report: Report): Promise<void> {
  const base = await mkdtemp(join(tmpdir(), 'gfa-bench-job-'));
  try {
    const app = join(base, 'counter');
    await cp(join(ROOT, 'test/fixtures/counter'), app, { recursive: true, filter: (s) => !/[\\/](dist|\.gfa|\.github)$/.test(s) });
    await symlink(join(ROOT, 'node_modules'), join(app, 'node_modules'));
    await buildApp(app);
    await writeFile(join(app, 'noop-unbundled.ts'), jobEntry('noop', { name: 'counter' }));
    // The same job in an app with no validator library: what the framework itself costs at start.
    const bare = join(base, 'bare');
    await mkdir(bare);
    await writeFile(join(bare, 'package.json'), '{ "type": "module", "private": true }\n');
    await writeFile(join(bare, 'gfa.config.ts'), "import { defineApp, defineJob, trigger } from 'gfa';\nexport default defineApp({ name: 'bare', jobs: { noop: defineJob({ on: [trigger()], run: () => null }) } });\n");
    await symlink(join(ROOT, 'node_modules'), join(bare, 'node_modules'));
    await buildApp(bare);
    await writeFile(join(bare, 'noop-unbundled.ts'), jobEntry('noop', { name: 'bare' }));
    const bareRemote = await seededRepo(join(base, 'bare.git'));
    const bundleRemote = await seededRepo(join(base, 'bundle.git'));
    const tsxRemote = await seededRepo(join(base, 'tsx.git'));
    const bareTsxRemote = await seededRepo(join(base, 'bare-tsx.git'));
    const floorRemote = await seededRepo(join(base, 'floor.git'));
    const work = join(base, 'work.git');
    await run('git', ['init', '--quiet', '--bare', work], ROOT);
    await run('git', ['--git-dir', work, 'mktree'], ROOT);
    const ident = { GIT_AUTHOR_NAME: 'b', GIT_AUTHOR_EMAIL: 'b@b', GIT_COMMITTER_NAME: 'b', GIT_COMMITTER_EMAIL: 'b@b' };

    const bundle = (): Promise<string> => run(process.execPath, ['dist/jobs/noop.mjs'], app, { GFA_REMOTE: bundleRemote, GFA_TRIGGER: 'trigger', GFA_INPUT: '{}' });
    const bareBundle = (): Promise<string> => run(process.execPath, ['dist/jobs/noop.mjs'], bare, { GFA_REMOTE: bareRemote, GFA_TRIGGER: 'trigger' });
    const tsx = (): Promise<string> => run('npx', ['tsx', 'noop-unbundled.ts'], app, { GFA_REMOTE: tsxRemote, GFA_TRIGGER: 'trigger', GFA_INPUT: '{}' });
    const bareTsx = (): Promise<string> => run('npx', ['tsx', 'noop-unbundled.ts'], bare, { GFA_REMOTE: bareTsxRemote, GFA_TRIGGER: 'trigger' });
    let n = 0;
    const floor = async (): Promise<void> => {
      await run(process.execPath, ['-e', ''], base);
      await run('git', ['--git-dir', work, 'fetch', '--quiet', '--depth=1', '--filter=blob:none', floorRemote, 'data'], base);
      const sha = (await run('git', ['--git-dir', work, 'commit-tree', EMPTY_TREE, '-m', `floor ${n++}`], base, ident)).trim();
      await run('git', ['--git-dir', work, 'push', '--quiet', '--force', floorRemote, `${sha}:refs/heads/data`], base);
    };

    await bundle();
    await bareBundle();
    await floor();
    await tsx();
    await bareTsx();
    const times = { bundle: [] as number[], bare: [] as number[], floor: [] as number[], tsx: [] as number[], bareTsx: [] as number[] };
    for (let i = 0; i < RUNS; i++) {
      times.floor.push(await timed(floor));
      times.bundle.push(await timed(bundle));
      times.bare.push(await timed(bareBundle));
      times.tsx.push(await timed(tsx));
      times.bareTsx.push(await timed(bareTsx));
    }
    const m = { bundle: median(times.bundle), bare: median(times.bare), floor: median(times.floor), tsx: median(times.tsx), bareTsx: median(times.bareTsx) };
    const round = (x: number): number => Math.round(x * 10) / 10;
    report({ name: 'noop-job-bundle', value: round(m.bundle), unit: 'ms', runs: RUNS, min: round(Math.min(...times.bundle)) });
    report({ name: 'noop-job-bundle-no-zod', value: round(m.bare), unit: 'ms', runs: RUNS, min: round(Math.min(...times.bare)), what: 'same job in an app without a validator library' });
    report({ name: 'noop-job-floor', value: round(m.floor), unit: 'ms', runs: RUNS, min: round(Math.min(...times.floor)), what: "node -e '' + git fetch + git commit-tree + git push" });
    report({ name: 'noop-job-tsx', value: round(m.tsx), unit: 'ms', runs: RUNS, min: round(Math.min(...times.tsx)), what: 'npx tsx, unbundled (counter app, with zod)' });
    report({ name: 'noop-job-tsx-no-zod', value: round(m.bareTsx), unit: 'ms', runs: RUNS, min: round(Math.min(...times.bareTsx)), what: 'npx tsx, unbundled (app without a validator library)' });
    // The framework's own cost: a no-op job in an app that imports nothing else. The counter app
    // also loads zod (~580 KB) at start, which is that app's choice; both are reported.
    report({ name: 'bundle-vs-floor', value: Math.round((m.bare / m.floor) * 100) / 100, unit: 'x', target: '<= 1.5', what: 'no-op job in an app without a validator library' });
    report({ name: 'bundle-with-zod-vs-floor', value: Math.round((m.bundle / m.floor) * 100) / 100, unit: 'x', what: 'no-op job of the counter app, which loads zod' });
    // Each tsx ratio compares one app with itself: unbundled under npx tsx vs its bundle.
    report({ name: 'tsx-vs-bundle', value: Math.round((m.bareTsx / m.bare) * 100) / 100, unit: 'x', target: '>= 10', what: 'no-op job in an app without a validator library: npx tsx vs bundle' });
    report({ name: 'tsx-vs-bundle-with-zod', value: Math.round((m.tsx / m.bundle) * 100) / 100, unit: 'x', target: '>= 10', what: 'no-op job of the counter app, which loads zod: npx tsx vs bundle' });
  } finally {
    await rm(base, { recursive: true, force: true });
  }
}
