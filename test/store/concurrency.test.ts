import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gitDriver } from '../../framework/store/drivers/git.ts';
import { createStore } from '../../framework/store/store.ts';
import { startGitServer, type GitServer } from '../helpers/git-server.ts';
import { git, setupBare, tempDir } from './helpers/git-fixtures.ts';

const WRITER = join(import.meta.dirname, 'helpers', 'writer.ts');
const tmp = tempDir('store-conc');
let server: GitServer;
beforeAll(async () => {
  server = await startGitServer();
});
afterAll(async () => {
  await server.close();
  tmp.remove();
});

function writer(args: string[]): { done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>; kill(): void } {
  const child = spawn(process.execPath, ['--import', 'tsx', WRITER, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return {
    done: new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stderr }))),
    kill: () => child.kill('SIGKILL'),
  };
}

/** Reads the whole store and checks the invariant every transaction keeps: counter = number of log entries. */
async function checkConsistent(remote: string): Promise<number> {
  const store = createStore(gitDriver({ remote }));
  try {
    return await store.transaction(async (tx) => {
      const counter = Number((await tx.get('counter')) ?? '0');
      const log = await tx.list('log/');
      expect(log).toHaveLength(counter);
      if (counter > 0) expect(log.at(-1)).toBe(`log/${String(counter).padStart(6, '0')}`);
      for (const k of [...log, ...(await tx.list('w/'))]) expect(await tx.get(k)).toBeTypeOf('string');
      return counter;
    });
  } finally {
    await store.close();
  }
}

describe('concurrent writer processes', () => {
  const WRITERS = 16;
  const TXS = 1;

  async function runAll(remote: string, cacheDir: (i: number) => string): Promise<void> {
    const runs = Array.from({ length: WRITERS }, (_, i) => writer([remote, `p${i}`, String(TXS), cacheDir(i)]));
    const results = await Promise.all(runs.map((r) => r.done));
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    const store = createStore(gitDriver({ remote }));
    expect(await store.get('counter')).toBe(String(WRITERS * TXS));
    for (let i = 0; i < WRITERS; i++) expect(await store.list(`w/p${i}/`)).toHaveLength(TXS);
    await store.close();
    expect(await checkConsistent(remote)).toBe(WRITERS * TXS);
  }

  it('16 processes over HTTP, each with its own cache: no update lost', async () => {
    server.createRepo('conc');
    await runAll(server.url('conc'), () => '-');
  }, 300_000);

  it('16 processes sharing one cacheDir on a path remote: no update lost', async () => {
    const remote = join(tmp.dir, 'shared.git');
    await setupBare(remote);
    const cache = join(tmp.dir, 'shared-cache');
    await runAll(remote, () => cache);
    await git(cache, 'fsck', '--connectivity-only', '--no-dangling').catch((e: Error) => {
      throw new Error(`shared cache is corrupt: ${e.message}`);
    });
  }, 300_000);

  it('a writer killed with SIGKILL at random points leaves the branch at an old or new commit', async () => {
    const remote = join(tmp.dir, 'killed.git');
    await setupBare(remote);
    const cache = join(tmp.dir, 'killed-cache');
    let last = 0;
    for (let round = 0; round < 5; round++) {
      const w = writer([remote, `k${round}`, '0', round % 2 === 0 ? cache : join(tmp.dir, `own-cache-${round}`), 'forever']);
      await new Promise((r) => setTimeout(r, 900 + Math.random() * 1500));
      w.kill();
      const { signal } = await w.done;
      expect(signal).toBe('SIGKILL');
      const counter = await checkConsistent(remote);
      expect(counter).toBeGreaterThanOrEqual(last);
      last = counter;
      await git(remote, 'fsck', '--strict');
    }
    expect(last).toBeGreaterThan(0);
  }, 300_000);
});
