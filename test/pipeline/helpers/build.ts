/** The real counter fixture, built with `gfa build` (buildApp) in a temporary copy. */
import { cp, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildApp } from '../../../framework/build/index.ts';

const ROOT = resolve(import.meta.dirname, '../../..');

/** Builds a copy of test/fixtures/counter; `dir` holds dist/ and the pipeline files. */
export async function buildCounter(): Promise<{ dir: string; cleanup(): Promise<void> }> {
  const base = await mkdtemp(join(tmpdir(), 'gfa-pipeline-counter-'));
  const dir = join(base, 'counter');
  await cp(join(ROOT, 'test/fixtures/counter'), dir, { recursive: true, filter: (src) => !/[\\/](dist|\.gfa|\.github|node_modules)$|\.gitlab-ci\.yml$/.test(src) });
  await symlink(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  await buildApp(dir);
  return { dir, cleanup: () => rm(base, { recursive: true, force: true }) };
}
