/** `gfa init`: a template copied into a new folder, named after it, that builds and runs; a non-empty folder is refused. */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { templateNames } from '../../framework/init/templates.ts';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../..');
const GFA = join(ROOT, 'node_modules/.bin/gfa');
const base = mkdtempSync(join(tmpdir(), 'gfa-init-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

const gfa = (args: string[], cwd = base) => run(GFA, args, { cwd, env: { ...process.env, GFA_REMOTE: '' } }).then(
  (r) => ({ code: 0, ...r }),
  (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
);

describe('gfa init', () => {
  it('ships the basic template', () => {
    expect(templateNames()).toContain('basic');
  });

  it('scaffolds basic into a new folder named after it; it builds, checks and runs a job', async () => {
    const init = await gfa(['init', 'Team_Tracker']);
    expect(init.code, init.stderr).toBe(0);
    const dir = join(base, 'Team_Tracker');
    expect(readFileSync(join(dir, 'gfa.config.ts'), 'utf8')).toContain("name: 'team-tracker'");
    expect(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).name).toBe('team-tracker');
    expect(existsSync(join(dir, 'dist'))).toBe(false);
    expect(init.stderr).toContain('npm install');
    // gfa itself, vendored: the app installs with no gfa on the registry.
    expect(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).dependencies.gfa).toBe('file:vendor/gfa-0.1.0.tgz');
    expect(existsSync(join(dir, 'vendor/gfa-0.1.0.tgz'))).toBe(true);
    expect(readFileSync(join(dir, 'README.md'), 'utf8')).toContain('npm install gfa@0.1.0');
    const ignored = readFileSync(join(dir, '.gitignore'), 'utf8').split('\n');
    expect(ignored).toEqual(expect.arrayContaining(['node_modules/', '.gfa/local/', '*.token', 'browser-token.txt', 'passphrase']));
    expect(existsSync(join(dir, 'gitignore'))).toBe(false);
    expect(existsSync(join(dir, 'tsconfig.json'))).toBe(true);
    expect(existsSync(join(dir, 'test/jobs.test.mjs'))).toBe(true);
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
    expect((await gfa(['build', dir])).code).toBe(0);
    expect((await gfa(['build', '--check', dir])).code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'dist/gfa.json'), 'utf8')).name).toBe('team-tracker');
    const remote = join(base, 'remote.git');
    await run('git', ['init', '-q', '--bare', remote]);
    const key = (await gfa(['keygen'])).stdout.trim();
    const job = await run(GFA, ['run', 'greet', '--no-build', '--input', '{"name":"Ada"}', '--remote', remote, dir], { env: { ...process.env, GFA_SECRET_KEY: key } });
    expect(JSON.parse(job.stdout).output).toEqual({ message: 'Hello, Ada!', count: 1 });
  });

  it('scaffolds the rss-reader from apps/rss-reader itself (no second copy), and it builds', async () => {
    expect(templateNames()).toContain('rss-reader');
    const init = await gfa(['init', 'my-feeds', '--template', 'rss-reader']);
    expect(init.code, init.stderr).toBe(0);
    const dir = join(base, 'my-feeds');
    const app = readFileSync(join(ROOT, 'apps/rss-reader/gfa.config.ts'), 'utf8');
    expect(readFileSync(join(dir, 'gfa.config.ts'), 'utf8')).toBe(app.replace("name: 'rss-reader'", "name: 'my-feeds'"));
    expect(existsSync(join(dir, 'dist'))).toBe(false);
    // templates/rss-reader's own files laid over the app: scripts, tests, tsconfig, .gitignore, README.
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    expect(pkg.scripts).toMatchObject({ start: 'gfa dev .', test: 'gfa build . && node --test test/*.test.mjs' });
    expect(pkg.dependencies).toMatchObject({ gfa: 'file:vendor/gfa-0.1.0.tgz', 'fast-xml-parser': expect.any(String) });
    for (const file of ['.gitignore', 'tsconfig.json', 'test/jobs.test.mjs', 'vendor/gfa-0.1.0.tgz']) expect(existsSync(join(dir, file)), file).toBe(true);
    expect(existsSync(join(dir, 'template.json'))).toBe(false);
    expect(readFileSync(join(dir, 'README.md'), 'utf8')).toMatch(/## Put it on GitHub[\s\S]*## Put it on GitLab/);
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
    expect((await gfa(['build', dir])).code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'dist/gfa.json'), 'utf8')).name).toBe('my-feeds');
  });

  it('refuses a folder that is not empty, unless --force', async () => {
    const dir = join(base, 'busy');
    await run('mkdir', ['-p', dir]);
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    const refused = await gfa(['init', 'busy']);
    expect(refused.code).toBe(2);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.stderr).toMatch(/not empty.*--force/);
    expect(existsSync(join(dir, 'gfa.config.ts'))).toBe(false);
    expect((await gfa(['init', 'busy', '--force'])).code).toBe(0);
    expect(readFileSync(join(dir, 'notes.txt'), 'utf8')).toBe('mine');
  });

  it('names an unknown template and the choices in one line', async () => {
    const r = await gfa(['init', 'x', '--template', 'nope']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^gfa: unknown template "nope"; choose one of: .*basic/);
  });
});
