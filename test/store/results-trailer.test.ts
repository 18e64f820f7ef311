/**
 * The git driver writes the `gfa-results` trailer (issue 23): consecutive commits roll the list, a
 * head an older gfa wrote is listed once, and the head MAC still verifies beside it.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { newRequestId, parseLayout, resultKey } from '../../framework/contract.ts';
import { parseResults, provesAbsent } from '../../framework/contract/results-trailer.ts';
import { generateSecretKey, parseSecretKeys } from '../../framework/crypto/keys.ts';
import { encryptedDriver } from '../../framework/store/drivers/encrypted.ts';
import { gitDriver } from '../../framework/store/drivers/git.ts';
import { createStore, type Store } from '../../framework/store/store.ts';
import { git, setupBare, tempDir } from './helpers/git-fixtures.ts';

const message = async (bare: string) => git(bare, 'log', '-1', '--format=%B', 'data');

async function bareStore(prefix: string, wrap?: (d: ReturnType<typeof gitDriver>) => Promise<ReturnType<typeof gitDriver>>): Promise<{ bare: string; store: Store; remove(): Promise<void> }> {
  const tmp = tempDir(prefix);
  const bare = join(tmp.dir, 'remote.git');
  await setupBare(bare);
  const inner = gitDriver({ remote: bare, fanout: { max: 8, min: 4 } });
  const store = createStore(wrap ? await wrap(inner) : inner);
  return { bare, store, remove: async () => (await store.close(), tmp.remove()) };
}

const T = Date.UTC(2026, 11, 7);
const result = (id: string) => JSON.stringify({ requestId: id, status: 'ok' });

describe('git driver: gfa-results trailer', () => {
  it('lists the results each commit sets, rolling the previous head’s list; deletions leave it', async () => {
    const { bare, store, remove } = await bareStore('results-roll');
    try {
      const [a, b, c] = [0, 1, 2].map((i) => newRequestId({ now: T + i }));
      await store.transaction(async (tx) => tx.set(resultKey(a!), result(a!)));
      expect(parseResults(await message(bare))).toEqual({ from: 0, ids: [a] });
      await store.transaction(async (tx) => (tx.set(resultKey(b!), result(b!)), tx.set('feeds/x', 'v')));
      await store.transaction(async (tx) => tx.set('feeds/y', 'v'));
      expect(parseResults(await message(bare))).toEqual({ from: 0, ids: [b, a] });
      await store.transaction(async (tx) => (tx.set(resultKey(c!), result(c!)), tx.delete(resultKey(a!))));
      const hint = parseResults(await message(bare));
      expect(hint).toEqual({ from: 0, ids: [c, b] });
      expect(provesAbsent(hint, newRequestId({ now: T + 3 }))).toBe(true);
      expect(provesAbsent(hint, c!)).toBe(false);
    } finally {
      await remove();
    }
  });

  it('caps the list, raising from past the dropped ids, across many commits and a fan-out of results/', async () => {
    const { bare, store, remove } = await bareStore('results-cap');
    try {
      const ids = Array.from({ length: 70 }, (_, i) => newRequestId({ now: T + i * 10 }));
      for (let i = 0; i < ids.length; i += 7) await store.transaction(async (tx) => ids.slice(i, i + 7).forEach((id) => tx.set(resultKey(id), result(id))));
      const text = await message(bare);
      expect(parseLayout(text).fan.has('results')).toBe(true);
      const hint = parseResults(text)!;
      expect(hint.ids).toHaveLength(64);
      expect(new Set(hint.ids)).toEqual(new Set(ids.slice(6)));
      expect(hint.from).toBe(T + 5 * 10 + 1);
    } finally {
      await remove();
    }
  });

  it('lists a head an older gfa wrote (no trailer) once, so the first hint is complete', async () => {
    const { bare, store, remove } = await bareStore('results-old');
    try {
      const old = [newRequestId({ now: T }), 'custom-id'];
      await store.transaction(async (tx) => old.forEach((id) => tx.set(resultKey(id), result(id))));
      // As an older gfa's commit: the same tree, a message without the trailer.
      const env = { ...process.env, GIT_AUTHOR_NAME: 'x', GIT_AUTHOR_EMAIL: 'x@x', GIT_COMMITTER_NAME: 'x', GIT_COMMITTER_EMAIL: 'x@x' };
      const { stdout } = await promisify(execFile)('git', ['commit-tree', 'data^{tree}', '-m', 'gfa: update'], { cwd: bare, env });
      await git(bare, 'update-ref', 'refs/heads/data', stdout.trim());
      const next = newRequestId({ now: T + 1 });
      await store.transaction(async (tx) => tx.set(resultKey(next), result(next)));
      expect(parseResults(await message(bare))).toEqual({ from: 0, ids: [next, old[0], 'custom-id'] });
    } finally {
      await remove();
    }
  });

  it('writes the trailer before gfa-layout and gfa-mac; the signed head verifies', async () => {
    const keys = parseSecretKeys(await generateSecretKey());
    const { bare, store, remove } = await bareStore('results-mac', (d) => encryptedDriver(d, { keys }));
    try {
      const ids = Array.from({ length: 9 }, (_, i) => newRequestId({ now: T + i }));
      await store.transaction(async (tx) => ids.forEach((id) => tx.set(resultKey(id), result(id))));
      const lines = (await message(bare)).trim().split('\n');
      expect(lines.slice(-3).map((l) => l.split(':')[0])).toEqual(['gfa-results', 'gfa-layout', 'gfa-mac']);
      // A second writer (another process with the same key) reads and verifies that head, then writes on it.
      const again = createStore(await encryptedDriver(gitDriver({ remote: bare }), { keys }));
      try {
        expect(await again.get(resultKey(ids[3]!))).toBe(result(ids[3]!));
        await again.transaction(async (tx) => tx.set('feeds/x', 'v'));
      } finally {
        await again.close();
      }
      expect(await store.get('feeds/x')).toBe('v');
      expect(parseResults(await message(bare))?.ids).toHaveLength(9);
    } finally {
      await remove();
    }
  });
});
