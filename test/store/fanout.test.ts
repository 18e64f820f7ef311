/**
 * The adaptive fan-out of large directories on the data branch (issue 27): conversion at the limit in
 * both directions, listing order, concurrent writers across a conversion, signed layouts, and the
 * refusal of a layout this version does not know. Limits are small here (the writer's choice); the
 * defaults are measured in bench/store-layout.bench.ts.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bucketOf, keyPath, parseLayout, pathKey, formatLayout, LAYOUT_FANOUT } from '../../framework/contract.ts';
import { isGfaError } from '../../framework/errors.ts';
import { generateSecretKey, parseSecretKeys } from '../../framework/crypto/keys.ts';
import { gitDriver } from '../../framework/store/drivers/git.ts';
import { encryptedDriver } from '../../framework/store/drivers/encrypted.ts';
import { createStore, type Store } from '../../framework/store/store.ts';
import { countUpdates, git, setupBare, tempDir } from './helpers/git-fixtures.ts';
import { runDriverSuite } from './driver-suite.ts';

const LIMITS = { max: 8, min: 4 };

async function bareStore(prefix: string, limits = LIMITS): Promise<{ bare: string; store: Store; remove(): Promise<void> }> {
  const tmp = tempDir(prefix);
  const bare = join(tmp.dir, 'remote.git');
  await setupBare(bare);
  const store = createStore(gitDriver({ remote: bare, fanout: limits }));
  return { bare, store, remove: async () => (await store.close(), tmp.remove()) };
}

/** Names in the tree at `path` of the data branch, as someone browsing the branch sees them. */
const names = async (bare: string, path: string) => (await git(bare, 'ls-tree', '--name-only', `data:${path}`)).split('\n').filter(Boolean);
const message = async (bare: string) => git(bare, 'log', '-1', '--format=%B', 'data');

/** Commits the head's tree again with `text` as its message, as anyone with push access could. */
async function recommit(bare: string, text: string): Promise<void> {
  const env = { ...process.env, GIT_AUTHOR_NAME: 'x', GIT_AUTHOR_EMAIL: 'x@x', GIT_COMMITTER_NAME: 'x', GIT_COMMITTER_EMAIL: 'x@x' };
  const { execFile } = await import('node:child_process');
  const commit = await new Promise<string>((ok, fail) => execFile('git', ['commit-tree', 'data^{tree}', '-m', text], { cwd: bare, env }, (err, out) => (err ? fail(err) : ok(out.trim()))));
  await git(bare, 'update-ref', 'refs/heads/data', commit);
}

describe('layout: keys to paths', () => {
  it('maps keys into hashed sub-directories of fanned-out directories only, and back', () => {
    const layout = parseLayout(`x\n\n${formatLayout({ fan: new Map([['results', 2000], ['users/a', 1500]]) })}`);
    expect(keyPath('results/abc', layout)).toBe(`results/${bucketOf('abc')}/abc`);
    expect(keyPath('users/a/b/c', layout)).toBe(`users/a/${bucketOf('b')}/b/c`);
    expect(keyPath('users/b/c', layout)).toBe('users/b/c');
    expect(keyPath('results/abc')).toBe('results/abc');
    for (const key of ['results/abc', 'users/a/b/c', 'users/b/c', 'top']) expect(pathKey(keyPath(key, layout), layout)).toBe(key);
    expect(pathKey('results/zz/abc', layout)).toBeUndefined();
    expect(bucketOf('k/000007'.split('/')[1]!)).toMatch(/^[0-9a-f]{2}$/);
  });

  it('reads a flat store from a message without the trailer, and only a trailer at the end', () => {
    expect(parseLayout('gfa: update').fan.size).toBe(0);
    expect(parseLayout(`gfa-layout: ${LAYOUT_FANOUT} {"a":3}\n\nmore text`).fan.size).toBe(0);
    expect([...parseLayout(`m\n\ngfa-layout: ${LAYOUT_FANOUT} {"a":3}\ngfa-mac: v2 1 0123456789abcdef ${'A'.repeat(43)}=`).fan]).toEqual([['a', 3]]);
  });

  it('refuses a layout it does not know, and a malformed one, with E_LAYOUT', () => {
    expect(() => parseLayout('m\n\ngfa-layout: fanout-9 {}')).toThrow(/store layout "fanout-9", which this gfa does not know.*upgrade gfa/);
    for (const bad of ['m\n\ngfa-layout: fanout-1 [1]', 'm\n\ngfa-layout: fanout-1 {"a":-1}', 'm\n\ngfa-layout: fanout-1 {']) {
      try {
        parseLayout(bad);
        expect.unreachable();
      } catch (err) {
        expect(isGfaError(err, 'E_LAYOUT')).toBe(true);
      }
    }
  });
});

describe('fan-out on the data branch', () => {
  it('fans a directory out past the limit and back in below it; keys, values and order do not change', async () => {
    const s = await bareStore('fan-convert');
    try {
      const keys = Array.from({ length: 8 }, (_, i) => `d/k${i}`);
      await s.store.transaction(async (tx) => keys.forEach((k) => tx.set(k, `v ${k}`)));
      expect(await names(s.bare, 'd')).toEqual(keys.map((k) => k.slice(2)));
      expect(await message(s.bare)).not.toContain('gfa-layout');
      // The ninth entry crosses the limit: the directory now holds only hashed sub-directories.
      await s.store.set('d/k8', 'v d/k8');
      keys.push('d/k8');
      const buckets = await names(s.bare, 'd');
      expect(buckets.every((b) => /^[0-9a-f]{2}$/.test(b))).toBe(true);
      expect(await message(s.bare)).toContain(`gfa-layout: ${LAYOUT_FANOUT} {"d":9}`);
      expect(await names(s.bare, `d/${bucketOf('k3')}`)).toContain('k3');
      expect(await s.store.list('d/')).toEqual([...keys].sort());
      for (const k of keys) expect(await s.store.get(k)).toBe(`v ${k}`);
      // Overwrites do not change the count; deletes down to the lower limit keep it fanned out.
      await s.store.set('d/k0', 'changed');
      expect(await s.store.get('d/k0')).toBe('changed');
      await s.store.transaction(async (tx) => ['d/k4', 'd/k5', 'd/k6', 'd/k7', 'd/k8', 'd/missing'].forEach((k) => tx.delete(k)));
      expect(await message(s.bare)).toContain('{"d":4}');
      // Below it: flat again, and the trailer is gone (any gfa reads the store again).
      await s.store.delete('d/k3');
      expect(await names(s.bare, 'd')).toEqual(['k0', 'k1', 'k2']);
      expect(await message(s.bare)).not.toContain('gfa-layout');
      expect(await s.store.list('d/')).toEqual(['d/k0', 'd/k1', 'd/k2']);
      expect(await s.store.get('d/k0')).toBe('changed');
    } finally {
      await s.remove();
    }
  });

  it('lists in key order across sub-directories, nested folders and prefixes inside a fanned-out directory', async () => {
    const s = await bareStore('fan-order');
    try {
      const keys = ['u/zed/a', 'u/alice/x', 'u/alice/y/z', 'u/bob', 'u/Émile', 'u/a b', 'u/al', 'u/b-1', 'u/b/0', 'u/0', 'u/~', 'w', 'u2'];
      await s.store.transaction(async (tx) => keys.forEach((k) => tx.set(k, k)));
      expect(await message(s.bare)).toContain('"u":');
      expect(await s.store.list()).toEqual([...keys].sort());
      expect(await s.store.list('u/al')).toEqual(['u/al', 'u/alice/x', 'u/alice/y/z']);
      expect(await s.store.list('u/alice/')).toEqual(['u/alice/x', 'u/alice/y/z']);
      expect(await s.store.list('u/b')).toEqual(['u/b-1', 'u/b/0', 'u/bob']);
      // A key inside a fanned-out directory's folder: its folder moved, its own path did not change below it.
      expect(await s.store.get('u/alice/y/z')).toBe('u/alice/y/z');
      await expect(s.store.set('u/bob/x', '1')).rejects.toThrow(/is a key, so it cannot hold other keys/);
      await expect(s.store.set('u/alice', '1')).rejects.toThrow(/is a folder of other keys/);
    } finally {
      await s.remove();
    }
  });

  it('fans out a folder below a fanned-out folder, and the root itself', async () => {
    const s = await bareStore('fan-nested', { max: 3, min: 2 });
    try {
      const keys = ['a/x/1', 'a/x/2', 'a/x/3', 'a/x/4', 'a/y', 'a/z', 'a/w', 'b', 'c', 'd'];
      await s.store.transaction(async (tx) => keys.forEach((k) => tx.set(k, k)));
      expect([...parseLayout(await message(s.bare)).fan.keys()].sort()).toEqual(['', 'a', 'a/x']);
      expect(await s.store.list()).toEqual([...keys].sort());
      for (const k of keys) expect(await s.store.get(k)).toBe(k);
      await s.store.transaction(async (tx) => ['a/x/1', 'a/x/2', 'a/x/3', 'a/x/4', 'a/y', 'a/z', 'b'].forEach((k) => tx.delete(k)));
      expect(await s.store.list()).toEqual(['a/w', 'c', 'd']);
      expect([...parseLayout(await message(s.bare)).fan.keys()]).toEqual(['']);
    } finally {
      await s.remove();
    }
  });

  it('loses no update when concurrent writers cross the limit (both ways)', async () => {
    const tmp = tempDir('fan-concurrent');
    const bare = join(tmp.dir, 'remote.git');
    await setupBare(bare);
    const writers = Array.from({ length: 3 }, () => createStore(gitDriver({ remote: bare, fanout: LIMITS })));
    try {
      const each = 6;
      await Promise.all(
        writers.map(async (store, w) => {
          for (let i = 0; i < each; i++) {
            await store.transaction(async (tx) => {
              const n = Number((await tx.get('counter')) ?? '0') + 1;
              tx.set('counter', String(n));
              tx.set(`log/${String(n).padStart(4, '0')}`, `${w}:${i}`);
            }, { retries: 500 });
          }
        }),
      );
      const total = writers.length * each;
      const reader = writers[0]!;
      expect(await reader.get('counter')).toBe(String(total));
      expect(await reader.list('log/')).toEqual(Array.from({ length: total }, (_, i) => `log/${String(i + 1).padStart(4, '0')}`));
      expect(await message(bare)).toContain(`"log":${total}`);
      // And back: concurrent deletes take it below the lower limit.
      await Promise.all(writers.map((store, w) => store.transaction(async (tx) => {
        for (const k of await tx.list('log/')) if (Number(k.slice(4)) % writers.length === w || Number(k.slice(4)) > 3) tx.delete(k);
      }, { retries: 500 })));
      expect(await reader.list('log/')).toEqual([]);
      expect(await message(bare)).not.toContain('gfa-layout');
      expect(await countUpdates(bare)).toBeGreaterThanOrEqual(total + 1);
    } finally {
      await Promise.all(writers.map((s) => s.close()));
      tmp.remove();
    }
  });

  it('refuses a store whose head declares a layout it does not know, before reading or writing', async () => {
    const s = await bareStore('fan-unknown');
    try {
      await s.store.set('a', '1');
      await recommit(s.bare, 'by a newer gfa\n\ngfa-layout: fanout-2 {"a":1}');
      const before = (await git(s.bare, 'rev-parse', 'data')).trim();
      const fresh = createStore(gitDriver({ remote: s.bare }));
      try {
        await expect(fresh.get('a')).rejects.toSatisfy((err: unknown) => isGfaError(err, 'E_LAYOUT') && /fanout-2.*upgrade gfa/.test((err as Error).message));
        await expect(fresh.set('b', '2')).rejects.toThrow(/does not know/);
      } finally {
        await fresh.close();
      }
      expect((await git(s.bare, 'rev-parse', 'data')).trim()).toBe(before);
    } finally {
      await s.remove();
    }
  });

  it('signs the layout with the head (gfa-mac v2): removing or changing it by hand is refused', async () => {
    const tmp = tempDir('fan-signed');
    const bare = join(tmp.dir, 'remote.git');
    await setupBare(bare);
    const keys = parseSecretKeys(await generateSecretKey());
    const open = async () => createStore(await encryptedDriver(gitDriver({ remote: bare, fanout: LIMITS }), { keys }));
    const store = await open();
    try {
      await store.transaction(async (tx) => Array.from({ length: 9 }, (_, i) => tx.set(`d/k${i}`, `secret ${i}`)));
      const text = await message(bare);
      expect(text).toMatch(/gfa-layout: fanout-1 \{"d":9\}\ngfa-mac: v2 1 /);
      expect(await store.get('d/k5')).toBe('secret 5');
      expect(await store.list('d/')).toHaveLength(9);
      for (const forged of [text.replace(/gfa-layout: .*\n/, ''), text.replace('{"d":9}', '{"d":900}')]) {
        await recommit(bare, forged);
        const other = await open();
        try {
          await expect(other.get('d/k5')).rejects.toSatisfy((err: unknown) => isGfaError(err, 'E_TAMPERED'));
        } finally {
          await other.close();
        }
      }
    } finally {
      await store.close();
      tmp.remove();
    }
  });
});

// The whole shared suite on stores where every directory of more than two entries is fanned out.
runDriverSuite('git (path remote, fanned out past 2 entries)', async () => {
  const tmp = tempDir('store-fan');
  const bare = join(tmp.dir, 'remote.git');
  await setupBare(bare);
  return { driver: gitDriver({ remote: bare, fanout: { max: 2, min: 1 } }), commits: () => countUpdates(bare), cleanup: async () => tmp.remove() };
});
