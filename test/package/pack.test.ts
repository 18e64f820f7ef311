/**
 * `npm pack` and `npm publish --dry-run` in framework/, with their lifecycle scripts (prepack copies the
 * templates in, prepare compiles, postpack removes the copy), on a fresh clone: they work twice in a row,
 * and leave framework/ as they found it, also when the build fails.
 */
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProgram } from '../build/helpers/fixture.ts';
import { freshClone, listTree } from './helpers/clone.ts';

const NPM_ENV = { npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };
let clone: Awaited<ReturnType<typeof freshClone>>;
let framework: string;
let before: string[];

/** framework/ as a user sees it, less the build output (dist/, made by prepare and ignored by git). */
const tree = (): Promise<string[]> => listTree(framework, ['dist']);
const shipped = (stdout: string): string[] => (JSON.parse(stdout) as [{ files: { path: string }[] }])[0].files.map((f) => f.path).sort();
const pack = () => runProgram('npm', ['pack', '--json', '--pack-destination', clone.base], { cwd: framework, env: NPM_ENV });

beforeAll(async () => {
  clone = await freshClone();
  framework = join(clone.root, 'framework');
  before = await tree();
}, 60_000);
afterAll(async () => {
  await clone?.cleanup();
});

describe('npm pack in framework/, with its scripts', () => {
  let first: string[];

  it('packs a fresh clone: compiled code, the templates, and the tree left as it was', async () => {
    expect(before).not.toContain('templates/');
    const r = await pack();
    expect(r.code, r.stderr).toBe(0);
    first = shipped(r.stdout);
    expect(first).toContain('dist/index.js');
    expect(first).toContain('dist/index.d.ts');
    expect(first).toContain('cli/bin.mjs');
    expect(first).toContain('templates/basic/gfa.config.ts');
    expect(first).toContain('templates/rss-reader/gfa.config.ts');
    expect(first.filter((p) => /^templates\/[^/]+\/(dist|node_modules|\.gfa)\//.test(p) || p.includes('.packed-by-prepack'))).toEqual([]);
    expect(first.filter((p) => p.startsWith('dist/templates/'))).toEqual([]);
    expect(await tree()).toEqual(before);
  }, 120_000);

  it('packs again, the same files', async () => {
    const r = await pack();
    expect(r.code, r.stderr).toBe(0);
    expect(shipped(r.stdout)).toEqual(first);
    expect(await tree()).toEqual(before);
  }, 120_000);

  it('publish --dry-run ships the same files, with nothing for npm to correct in package.json', async () => {
    const r = await runProgram('npm', ['publish', '--dry-run', '--json'], { cwd: framework, env: NPM_ENV });
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { gfa: { files: { path: string }[] } }).gfa.files.map((f) => f.path).sort()).toEqual(first);
    expect(r.stderr).not.toMatch(/auto-corrected|invalid and removed/);
    expect(await tree()).toEqual(before);
  }, 120_000);

  it('fails on a type error, naming it, and still leaves the tree as it was', async () => {
    const broken = join(framework, 'broken.ts');
    await writeFile(broken, "export const bad: number = 'x';\n");
    const withBroken = await tree();
    try {
      const r = await pack();
      expect(r.code).not.toBe(0);
      expect(r.stdout + r.stderr).toMatch(/broken\.ts\(1,14\): error TS2322/);
      expect(await tree()).toEqual(withBroken);
    } finally {
      await rm(broken);
    }
  }, 120_000);
});
