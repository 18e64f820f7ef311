/** Where a cache keeps objects: loose files in a repository, or memory (a store's private cache). */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { looseObjects, memoryObjects } from '../../framework/store/git/object-store.ts';
import { objectSha } from '../../framework/store/git/objects.ts';
import { gitDriver } from '../../framework/store/drivers/git.ts';
import { createStore } from '../../framework/store/store.ts';
import { setupBare, tempDir } from './helpers/git-fixtures.ts';

const run = promisify(execFile);
const blob = (text: string) => ({ sha: objectSha('blob', Buffer.from(text)), data: Buffer.from(text) });

describe('memoryObjects', () => {
  it('keeps what it is given and drops the least recently used beyond its byte limit', async () => {
    const objects = memoryObjects(10);
    const [a, b, c] = [blob('aaaa'), blob('bbbb'), blob('cccc')];
    await objects.put(a.sha, 'blob', a.data);
    await objects.put(b.sha, 'blob', b.data);
    expect((await objects.get(a.sha))?.data.toString()).toBe('aaaa'); // a is now the most recent
    await objects.put(c.sha, 'blob', c.data); // 12 bytes > 10: b goes
    expect(await objects.get(b.sha)).toBeUndefined();
    expect((await objects.get(a.sha))?.type).toBe('blob');
    expect((await objects.get(c.sha))?.data.toString()).toBe('cccc');
  });

  it('keeps an object larger than the limit until the next one arrives', async () => {
    const objects = memoryObjects(2);
    const big = blob('a large value');
    await objects.put(big.sha, 'blob', big.data);
    expect(await objects.get(big.sha)).toBeDefined();
  });
});

describe('looseObjects', () => {
  const tmp = tempDir('loose');
  afterAll(() => tmp.remove());

  it('writes objects git reads, and reads back what git wrote', async () => {
    const repo = join(tmp.dir, 'r.git');
    await run('git', ['init', '-q', '--bare', repo]);
    const objects = looseObjects(repo);
    const a = blob('written by gfa\n');
    await objects.put(a.sha, 'blob', a.data);
    expect((await run('git', ['--git-dir', repo, 'cat-file', 'blob', a.sha])).stdout).toBe('written by gfa\n');
    const child = run('git', ['--git-dir', repo, 'hash-object', '-w', '--stdin']);
    child.child.stdin?.end('written by git\n');
    const sha = (await child).stdout.trim();
    expect((await objects.get(sha))?.data.toString()).toBe('written by git\n');
    expect(await objects.get('0'.repeat(40))).toBeUndefined();
  });
});

describe('a store without a cache directory', () => {
  const tmp = tempDir('nocache');
  afterAll(() => tmp.remove());

  it('creates nothing on disk for a path remote', async () => {
    const remote = join(tmp.dir, 'remote.git');
    await setupBare(remote);
    const scratch = mkdtempSync(join(tmpdir(), 'gfa-scratch-'));
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = scratch; // where a temporary cache would go
    try {
      const store = createStore(gitDriver({ remote }));
      await store.set('k/v', 'one');
      await store.transaction(async (tx) => tx.set('k/w', String(Number((await tx.get('k/v')) === 'one') + 1)));
      expect(await store.get('k/w')).toBe('2');
      expect(await store.list('k/')).toEqual(['k/v', 'k/w']);
      expect(readdirSync(scratch)).toEqual([]); // not even while open
      await store.close();
      expect(readdirSync(scratch)).toEqual([]);
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});

describe('a private cache smaller than one read', () => {
  const tmp = tempDir('small-cache');
  afterAll(() => tmp.remove());

  it('still returns every value when one transaction reads more than the cache holds', async () => {
    const remote = join(tmp.dir, 'remote.git');
    await setupBare(remote);
    const values = Array.from({ length: 20 }, (_, i) => `${i}:`.padEnd(50_000, String.fromCharCode(97 + i)));
    const writer = createStore(gitDriver({ remote }));
    await writer.transaction(async (tx) => {
      values.forEach((v, i) => tx.set(`v/${i}`, v));
    });
    await writer.close();
    const reader = createStore(gitDriver({ remote, memoryBytes: 120_000 })); // holds 2 of the 20
    const read = await reader.transaction(async (tx) => Promise.all(values.map((_, i) => tx.get(`v/${i}`))));
    expect(read).toEqual(values);
    expect(await reader.get('v/7')).toBe(values[7]); // dropped by now, fetched again
    await reader.close();
  });
});
