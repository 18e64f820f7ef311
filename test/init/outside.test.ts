/**
 * An app outside this repository, as a new user makes one: `gfa init` into a temp folder (no workspace, no
 * `gfa` on the npm registry), then that folder's own `npm install`, `npm test` and `npm start` (until its
 * page answers), exactly as `gfa init` prints them; then the app committed and cloned to another folder,
 * which installs too (the vendored gfa travels with the repository). npm installs the rest from its cache
 * where it can. One test per template: each step is a real process, and slow.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GFA_BIN, runProgram, type Ran } from '../build/helpers/fixture.ts';

const NPM_ENV = { npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false', npm_config_prefer_offline: 'true' };
let base: string;

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'gfa-outside-'));
});
afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

async function ok(ran: Promise<Ran>, what: string): Promise<Ran> {
  const r = await ran;
  expect(r.code, `${what}\n${r.stdout}\n${r.stderr}`).toBe(0);
  return r;
}

/** `npm start` in `dir` until its banner names the page and the page answers; then stops it. */
async function startUntilPageAnswers(dir: string): Promise<{ url: string; status: number; banner: string }> {
  // GFA_DEV_PORT=0: any free port, since other tests may hold 4400.
  const env: Record<string, string | undefined> = { ...process.env, ...NPM_ENV, GFA_DEV_PORT: '0' };
  delete env.GFA_PASSPHRASE; // a user's own: gfa dev generates one
  const child = spawn('npm', ['start'], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let out = '';
  child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr.on('data', (d: Buffer) => { out += d.toString(); });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`npm start printed no page URL in 180 s:\n${out}`)), 180_000);
      const look = (): void => {
        const m = /open\s+(http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      };
      child.stdout.on('data', look);
      child.on('exit', (code) => reject(new Error(`npm start exited (${code}):\n${out}`)));
    });
    const res = await fetch(url);
    await res.text();
    return { url, status: res.status, banner: out };
  } finally {
    // npm start → sh → gfa dev: stop the whole group this test started.
    if (child.pid !== undefined && child.exitCode === null) process.kill(-child.pid, 'SIGTERM');
    await new Promise((resolve) => (child.exitCode !== null ? resolve(undefined) : child.on('exit', resolve)));
  }
}

describe.each(['basic', 'rss-reader'])('gfa init --template %s outside the repository', (template) => {
  it('installs with no registry gfa, passes its own tests, starts, and installs again from a clone', async () => {
    const parent = join(base, template);
    await ok(runProgram('mkdir', ['-p', parent]), 'mkdir');
    const init = await ok(runProgram(GFA_BIN, ['init', 'my-app', '--template', template], { cwd: parent }), 'gfa init');
    const app = join(parent, 'my-app');
    const steps = init.stderr.slice(init.stderr.indexOf('Next steps:')).split('\n').map((l) => l.trim().replace(/\s+#.*$/, ''));
    expect(steps.slice(1, 5)).toEqual(['cd my-app', 'npm install', 'npm test', 'npm start']);

    const pkg = JSON.parse(await readFile(join(app, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; scripts: Record<string, string> };
    expect(pkg.dependencies.gfa).toBe('file:vendor/gfa-0.1.0.tgz');
    expect(existsSync(join(app, 'vendor/gfa-0.1.0.tgz'))).toBe(true);
    expect(Object.keys(pkg.scripts)).toEqual(expect.arrayContaining(['build', 'start', 'test', 'check']));

    const installed = await ok(runProgram('npm', ['install'], { cwd: app, env: NPM_ENV }), 'npm install');
    expect(installed.stderr).not.toMatch(/404|E404/);
    expect(existsSync(join(app, 'node_modules/gfa/dist/index.js'))).toBe(true);
    const tested = await ok(runProgram('npm', ['test'], { cwd: app, env: NPM_ENV }), 'npm test');
    // node:test's summary: `# fail 0` (TAP, Node 22 without a terminal) or `ℹ fail 0` (spec, Node 24).
    expect(tested.stdout).toMatch(/^[#ℹ] fail 0$/m);
    expect(Number(/^[#ℹ] pass (\d+)$/m.exec(tested.stdout)?.[1])).toBeGreaterThanOrEqual(template === 'basic' ? 2 : 9);

    const started = await startUntilPageAnswers(app);
    expect(started.status, started.banner).toBe(200);

    // What the printed `git init && git add -A` stages: the app, its build and the vendored gfa, never
    // node_modules or local state.
    await ok(runProgram('git', ['init', '-q'], { cwd: app }), 'git init');
    await ok(runProgram('git', ['add', '-A'], { cwd: app }), 'git add');
    const staged = (await ok(runProgram('git', ['ls-files'], { cwd: app }), 'git ls-files')).stdout.split('\n').filter(Boolean);
    expect(staged.filter((f) => /^(node_modules|\.gfa\/local)\//.test(f))).toEqual([]);
    expect(staged).toEqual(expect.arrayContaining(['vendor/gfa-0.1.0.tgz', 'package-lock.json', '.gitignore', 'dist/gfa.json', '.gitlab-ci.yml']));
    await ok(runProgram('git', ['-c', 'user.name=t', '-c', 'user.email=t@t.invalid', 'commit', '-qm', 'New gfa app'], { cwd: app }), 'git commit');

    const clone = join(base, `${template}-clone`);
    await ok(runProgram('git', ['clone', '-q', app, clone]), 'git clone');
    await ok(runProgram('npm', ['install'], { cwd: clone, env: NPM_ENV }), 'npm install in the clone');
    await ok(runProgram(process.execPath, [join(clone, 'node_modules/gfa/cli/bin.mjs'), 'build', '--check', '--no-typecheck', '.'], { cwd: clone }), 'gfa build --check in the clone');
  }, 900_000);
});
