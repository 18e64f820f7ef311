/**
 * A fresh clone of this repository's working state, for tests that run npm's lifecycle: the files git would
 * check out (tracked and untracked, never ignored ones such as framework/dist/), copied into a temp folder,
 * with the repository's node_modules linked in (the `npm ci` a new clone would run). Tests pack there, not
 * in the repository itself, so a concurrent test never sees a half-made framework/templates/.
 */
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);
export const ROOT = resolve(import.meta.dirname, '../../..');
/** What framework/ needs to pack: itself, its templates, and the app the rss-reader template points at. */
const PARTS = ['package.json', 'package-lock.json', 'tsconfig.json', '.gitignore', 'framework', 'templates', 'apps/rss-reader'];

/** A fresh clone (see the module doc) under a new temp folder; `cleanup` removes it. */
export async function freshClone(): Promise<{ base: string; root: string; cleanup(): Promise<void> }> {
  const base = await mkdtemp(join(tmpdir(), 'gfa-clone-'));
  const root = join(base, 'repo');
  const { stdout } = await exec('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--', ...PARTS], { cwd: ROOT, maxBuffer: 64 << 20 });
  for (const file of new Set(stdout.split('\0').filter(Boolean))) {
    await mkdir(join(root, dirname(file)), { recursive: true });
    await cp(join(ROOT, file), join(root, file)).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err; // deleted in the work tree, not yet committed
    });
  }
  await symlink(join(ROOT, 'node_modules'), join(root, 'node_modules'));
  return { base, root, cleanup: () => rm(base, { recursive: true, force: true }) };
}

/** Every file and folder under `dir`, relative and sorted, leaving out `skip` (top-level names). */
export async function listTree(dir: string, skip: string[] = []): Promise<string[]> {
  const out: string[] = [];
  const walk = async (at: string): Promise<void> => {
    for (const entry of await readdir(at, { withFileTypes: true })) {
      const path = join(at, entry.name);
      const rel = relative(dir, path).split(sep).join('/');
      if (skip.includes(rel)) continue;
      out.push(entry.isDirectory() ? `${rel}/` : rel);
      if (entry.isDirectory()) await walk(path);
    }
  };
  await walk(dir);
  return out.sort();
}
