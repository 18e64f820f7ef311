/** The shared suite every store driver runs (unstorage's `testDriver` pattern). */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isGfaError } from '../../framework/errors.ts';
import { createStore, type Store } from '../../framework/store/store.ts';
import type { Driver } from '../../framework/store/types.ts';

/** What a driver factory gives the suite. */
export interface DriverFixture {
  driver: Driver;
  /** Number of commits landed so far. */
  commits(): Promise<number>;
  cleanup(): Promise<void>;
}

/** Runs the shared behaviour tests against fresh drivers from `make`. */
export function runDriverSuite(name: string, make: () => Promise<DriverFixture>): void {
  describe(`driver suite: ${name}`, () => {
    let fx: DriverFixture;
    let store: Store;
    beforeEach(async () => {
      fx = await make();
      store = createStore(fx.driver);
    });
    afterEach(async () => {
      await store.close();
      await fx.cleanup();
    });

    it('reads nothing from an empty store', async () => {
      expect(await store.get('missing')).toBeUndefined();
      expect(await store.getBytes('a/b')).toBeUndefined();
      expect(await store.list()).toEqual([]);
      expect(await fx.commits()).toBe(0);
    });

    it('sets, gets, overwrites and deletes text and bytes', async () => {
      await store.set('a.txt', 'héllo ✓');
      expect(await store.get('a.txt')).toBe('héllo ✓');
      const bytes = new Uint8Array([0, 1, 2, 255, 10, 0]);
      await store.set('bin/x', bytes);
      expect(await store.getBytes('bin/x')).toEqual(bytes);
      await store.set('a.txt', '');
      expect(await store.get('a.txt')).toBe('');
      await store.delete('a.txt');
      expect(await store.get('a.txt')).toBeUndefined();
      await store.delete('never/was');
      expect(await store.list()).toEqual(['bin/x']);
    });

    it('lists by prefix, sorted, and forgets empty folders', async () => {
      await store.transaction(async (tx) => {
        for (const k of ['feeds/b.json', 'feeds/a.json', 'feeds/sub/c', 'feedsx', 'other/1', 'top']) tx.set(k, k);
      });
      expect(await store.list()).toEqual(['feeds/a.json', 'feeds/b.json', 'feeds/sub/c', 'feedsx', 'other/1', 'top']);
      expect(await store.list('feeds/')).toEqual(['feeds/a.json', 'feeds/b.json', 'feeds/sub/c']);
      expect(await store.list('feeds')).toEqual(['feeds/a.json', 'feeds/b.json', 'feeds/sub/c', 'feedsx']);
      expect(await store.list('feeds/sub')).toEqual(['feeds/sub/c']);
      expect(await store.list('nope/')).toEqual([]);
      await store.delete('feeds/sub/c');
      expect(await store.list('feeds/sub')).toEqual([]);
      expect(await store.get('feeds/sub')).toBeUndefined();
    });

    it('lands all writes of a transaction as one commit; reads see own writes', async () => {
      const seen = await store.transaction(async (tx) => {
        tx.set('x/1', 'one');
        tx.set('x/2', 'two');
        tx.set('y', 'y');
        tx.delete('y');
        return { one: await tx.get('x/1'), y: await tx.get('y'), list: await tx.list('x/') };
      });
      expect(seen).toEqual({ one: 'one', y: undefined, list: ['x/1', 'x/2'] });
      expect(await fx.commits()).toBe(1);
      expect(await store.list()).toEqual(['x/1', 'x/2']);
      await store.transaction(async (tx) => void (await tx.get('x/1')));
      expect(await fx.commits()).toBe(1);
    });

    it('writes nothing when fn throws', async () => {
      await store.set('k', 'v1');
      await expect(
        store.transaction(async (tx) => {
          tx.set('k', 'v2');
          tx.set('other', 'o');
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(await store.get('k')).toBe('v1');
      expect(await store.get('other')).toBeUndefined();
      expect(await fx.commits()).toBe(1);
    });

    it('isolates a snapshot and re-runs fn after a concurrent commit', async () => {
      await store.set('n', '0');
      let runs = 0;
      const result = await store.transaction(async (tx) => {
        runs++;
        const n = Number(await tx.get('n'));
        if (runs === 1) {
          await store.set('n', '10'); // a concurrent writer lands first
          expect(await tx.get('n')).toBe('0'); // this attempt still sees its snapshot
        }
        tx.set('n', String(n + 1));
        return n;
      });
      expect(runs).toBe(2);
      expect(result).toBe(10);
      expect(await store.get('n')).toBe('11');
    });

    it('fails with E_PUSH_CONFLICT when retries run out, writing nothing', async () => {
      await store.set('n', '0');
      let i = 0;
      const err = await store
        .transaction(
          async (tx) => {
            await tx.get('n'); // it reads, so every attempt runs it again
            await store.set('n', `other-${i++}`);
            tx.set('n', 'mine');
          },
          { retries: 1 },
        )
        .catch((e: unknown) => e);
      expect(isGfaError(err, 'E_PUSH_CONFLICT')).toBe(true);
      expect(i).toBe(2);
      expect(await store.get('n')).toBe('other-1');
    });

    it('fails with E_PUSH_CONFLICT naming the deadline when the time budget is spent', async () => {
      await store.set('n', '0');
      let i = 0;
      const err = await store
        .transaction(
          async (tx) => {
            await tx.get('n');
            await store.set('n', `other-${i++}`);
            tx.set('n', 'mine');
          },
          { deadline: 0 },
        )
        .catch((e: unknown) => e);
      expect(isGfaError(err, 'E_PUSH_CONFLICT')).toBe(true);
      expect((err as Error).message).toMatch(/deadline/);
      expect(i).toBe(1);
      expect(await store.get('n')).toBe('other-0');
    });

    it('applies blind writes (no reads) to the new state without running the function again', async () => {
      let runs = 0;
      const result = await store.transaction(async (tx) => {
        runs++;
        await store.set('other', `concurrent-${runs}`); // a concurrent writer lands first
        tx.set('mine', 'x');
        return 'value';
      });
      expect(runs).toBe(1);
      expect(result).toBe('value');
      expect(await store.get('mine')).toBe('x');
      expect(await store.get('other')).toBe('concurrent-1');
    });

    it('no writer of many racing read-modify-write transactions fails or is lost', async () => {
      await store.set('n', '0');
      const writers = 12;
      await Promise.all(
        Array.from({ length: writers }, (_, w) =>
          store.transaction(async (tx) => {
            const n = Number(await tx.get('n'));
            await new Promise((r) => setTimeout(r, 1 + (w % 3)));
            tx.set('n', String(n + 1));
          }),
        ),
      );
      expect(await store.get('n')).toBe(String(writers));
    }, 120_000);

    it('rejects invalid keys with E_USAGE and the rule', async () => {
      for (const bad of ['', '/a', 'a/', 'a//b', './a', 'a/../b', 'a/.', '..', 'a\nb', 'a\0b']) {
        const err = await store.get(bad).catch((e: unknown) => e);
        expect(isGfaError(err, 'E_USAGE'), bad).toBe(true);
        expect((err as Error).message).toMatch(/no empty, \. or \.\. segments/);
        await expect(store.set(bad, 'x')).rejects.toThrow(/invalid key/);
      }
      expect(await fx.commits()).toBe(0);
      await store.set('ok/.hidden/..x', 'fine');
      expect(await store.get('ok/.hidden/..x')).toBe('fine');
    });

    it('refuses a key that is also a folder, writing nothing', async () => {
      await store.set('a/b', '1');
      await expect(store.set('a', '2')).rejects.toThrow(/folder/);
      await expect(store.set('a/b/c', '3')).rejects.toThrow(/folder|cannot hold/);
      expect(await store.list()).toEqual(['a/b']);
      await store.transaction(async (tx) => {
        tx.delete('a/b');
        tx.set('a', 'now a key');
      });
      expect(await store.list()).toEqual(['a']);
    });
  });
}
