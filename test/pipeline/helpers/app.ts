/**
 * A temporary checkout of the built fixture app with generated pipeline files committed, and a
 * real bare repository as its data remote.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { GeneratedFile } from '../../../framework/pipeline/index.ts';
import { mustRun, run } from './exec.ts';

export interface AppCheckout {
  dir: string;
  /** Path of the bare data remote. */
  remote: string;
  /** A file on the data branch, or undefined. */
  readData(path: string): Promise<string | undefined>;
  /** The result the last job wrote (the fake runtime keeps one result per commit). */
  lastResult(): Promise<Record<string, unknown> | undefined>;
  /** Keys under `prefix` on the data branch. */
  listData(prefix: string): Promise<string[]>;
  /** Head of the data branch, or undefined. */
  dataHead(): Promise<string | undefined>;
  cleanup(): void;
}

const GIT_ENV = { GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@localhost', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@localhost' };

export async function makeCheckout(appDir: string, files: GeneratedFile[]): Promise<AppCheckout> {
  const root = mkdtempSync(join(tmpdir(), 'gfa-pipeline-'));
  const dir = join(root, 'app');
  const remote = join(root, 'remote.git');
  // Like the app's repo on the forge: dist/ committed, no node_modules (bundles need none).
  cpSync(appDir, dir, { recursive: true, filter: (src) => !/[\\/](node_modules|\.gitignore)$/.test(src) });
  for (const f of files) {
    mkdirSync(dirname(join(dir, f.path)), { recursive: true });
    writeFileSync(join(dir, f.path), f.content);
  }
  const env = { ...process.env, ...GIT_ENV };
  await mustRun('git', ['init', '-q', '-b', 'main', dir]);
  await mustRun('git', ['add', '-A'], { cwd: dir });
  await mustRun('git', ['commit', '-qm', 'app'], { cwd: dir, env });
  await mustRun('git', ['init', '-q', '--bare', '-b', 'main', remote]);
  return {
    dir,
    remote,
    async readData(path) {
      const r = await run('git', ['--git-dir', remote, 'cat-file', 'blob', `refs/heads/data:${path}`]);
      return r.code === 0 ? r.stdout : undefined;
    },
    async lastResult() {
      const r = await run('git', ['--git-dir', remote, 'ls-tree', '--name-only', 'refs/heads/data', 'results/']);
      const name = r.stdout.trim().split('\n').filter(Boolean).at(-1);
      if (r.code !== 0 || !name) return undefined;
      const blob = await run('git', ['--git-dir', remote, 'cat-file', 'blob', `refs/heads/data:${name}`]);
      return JSON.parse(blob.stdout) as Record<string, unknown>;
    },
    async listData(prefix) {
      const r = await run('git', ['--git-dir', remote, 'ls-tree', '-r', '--name-only', 'refs/heads/data', prefix]);
      return r.code === 0 ? r.stdout.split('\n').filter(Boolean) : [];
    },
    async dataHead() {
      const r = await run('git', ['--git-dir', remote, 'rev-parse', '--verify', '-q', 'refs/heads/data']);
      return r.code === 0 ? r.stdout.trim() : undefined;
    },
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}
