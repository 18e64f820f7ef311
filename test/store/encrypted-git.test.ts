/** The encryption layer on the real data-branch driver: path remotes and git over smart HTTP. */
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isGfaError } from '../../framework/errors.ts';
import { generateSecretKey } from '../../framework/crypto/keys.ts';
import { openStore } from '../../framework/store/open.ts';
import { rekey } from '../../framework/store/rekey.ts';
import type { Store } from '../../framework/store/store.ts';
import { startGitServer, type GitServer } from '../helpers/git-server.ts';
import { countUpdates, git, setupBare, tempDir } from './helpers/git-fixtures.ts';

const run = promisify(execFile);
/** git with raw (binary) stdout and an optional environment; async, since the server runs in this process. */
async function gitRaw(cwd: string, args: string[], env: Record<string, string> = {}): Promise<Buffer> {
  return (await run('git', args, { cwd, encoding: 'buffer', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, ...env } })).stdout;
}

/** Every object in the bare repo (reachable or not), contents concatenated. */
const allObjects = (bare: string) => gitRaw(bare, ['cat-file', '--batch-all-objects', '--batch']);
const head = async (bare: string) => (await git(bare, 'rev-parse', 'refs/heads/data')).trim();
const blobAt = async (bare: string, path: string) => gitRaw(bare, ['cat-file', 'blob', `data:${path}`]);

/** Replaces the blob at `path` on the data branch with `bytes`, using plumbing only (as an attacker with push access could). */
async function rewriteBlob(bare: string, scratch: string, path: string, bytes: Uint8Array): Promise<void> {
  const file = join(scratch, 'blob');
  await writeFile(file, bytes);
  const blob = (await gitRaw(bare, ['hash-object', '-w', file])).toString().trim();
  const env = { GIT_INDEX_FILE: join(scratch, 'index') };
  await gitRaw(bare, ['read-tree', 'refs/heads/data'], env);
  await gitRaw(bare, ['update-index', '--add', '--cacheinfo', `100644,${blob},${path}`], env);
  const tree = (await gitRaw(bare, ['write-tree'], env)).toString().trim();
  const commit = (await gitRaw(bare, ['commit-tree', tree, '-m', 'tamper'], { ...env, GIT_AUTHOR_NAME: 'x', GIT_AUTHOR_EMAIL: 'x@x', GIT_COMMITTER_NAME: 'x', GIT_COMMITTER_EMAIL: 'x@x' })).toString().trim();
  await gitRaw(bare, ['update-ref', 'refs/heads/data', commit]);
}

const VALUES: Record<string, string> = {
  'users/alice.json': '{"note":"alice-plaintext-marker-1"}',
  'users/bob.json': '{"note":"bob-plaintext-marker-2"}',
  'deep/a/b/c/value.txt': 'deep-plaintext-marker-3',
};

let server: GitServer;
beforeAll(async () => {
  server = await startGitServer();
});
afterAll(async () => {
  await server.close();
});

const remotes: [string, () => Promise<{ remote: string; bare: string; cleanup(): void }>][] = [
  [
    'path remote',
    async () => {
      const tmp = tempDir('enc-path');
      const bare = join(tmp.dir, 'remote.git');
      await setupBare(bare);
      return { remote: bare, bare, cleanup: tmp.remove };
    },
  ],
  [
    'http remote',
    async () => {
      const name = `enc${Math.random().toString(36).slice(2, 10)}`;
      const bare = server.createRepo(name);
      await git(bare, 'config', 'core.logAllRefUpdates', 'always');
      return { remote: server.url(name), bare, cleanup: () => {} };
    },
  ],
];

describe.each(remotes)('encrypted git store (%s)', (_label, makeRemote) => {
  it('never stores plaintext; every failure is clear, names no key or value, and writes nothing', async () => {
    const { remote, bare, cleanup } = await makeRemote();
    const scratch = tempDir('enc-scratch');
    const [keyA, keyB] = [await generateSecretKey(), await generateSecretKey()];
    const opened: Store[] = [];
    const open = async (secretKeys: string) => {
      const s = await openStore({ remote, secretKeys });
      opened.push(s);
      return s;
    };
    try {
      const store = await open(keyA);
      await store.transaction(async (tx) => {
        for (const [k, v] of Object.entries(VALUES)) tx.set(k, v);
      });
      expect(await store.list()).toEqual(Object.keys(VALUES).sort());
      for (const [k, v] of Object.entries(VALUES)) expect(await store.get(k)).toBe(v);

      // No blob (reachable or not) holds a plaintext value; key names stay readable in trees.
      const objects = await allObjects(bare);
      for (const v of Object.values(VALUES)) expect(objects.includes(v)).toBe(false);
      for (const marker of ['plaintext-marker', keyA]) expect(objects.includes(marker)).toBe(false);
      expect(objects.includes('alice.json')).toBe(true);

      const secrets = [keyA, keyB, ...Object.values(VALUES), 'garbage-plaintext-marker'];
      const expectFailure = async (reader: Store, key: string, code: string, where: 'value' | 'head' = 'value') => {
        const before = await head(bare);
        const updates = await countUpdates(bare);
        const err = await reader
          .transaction(async (tx) => {
            tx.set('other/written-first', 'must not land');
            return tx.get(key);
          })
          .then(() => undefined, (e: unknown) => e as Error);
        expect(isGfaError(err), `${key}: ${String(err)}`).toBe(true);
        expect((err as unknown as { code: string }).code, `${key}: ${err?.message}`).toBe(code);
        expect(err!.message).toContain(where === 'value' ? JSON.stringify(key) : 'the head of branch "data"');
        expect(err!.message).not.toMatch(/[\n\r]/);
        for (const s of secrets) expect(err!.message).not.toContain(s);
        expect(await head(bare)).toBe(before);
        expect(await countUpdates(bare)).toBe(updates);
      };

      // A wrong key: the head's MAC names the key id it was signed with, so the head is refused first.
      await expectFailure(await open(keyB), 'users/alice.json', 'E_KEY_MISMATCH', 'head');

      // The commits below are made by hand without a gfa-mac trailer, like a store written before
      // heads were signed: a reader with no memory accepts them, so each value is still checked.

      // A ciphertext copied to another key's path.
      const alice = await blobAt(bare, 'users/alice.json');
      await rewriteBlob(bare, scratch.dir, 'users/bob.json', alice);
      await expectFailure(store, 'users/bob.json', 'E_DECRYPT');

      // A tampered blob (one bit of the ciphertext flipped).
      const tampered = Buffer.from(alice);
      tampered[tampered.length - 3] = tampered[tampered.length - 3]! ^ 0x10;
      await rewriteBlob(bare, scratch.dir, 'users/alice.json', tampered);
      await expectFailure(store, 'users/alice.json', 'E_DECRYPT');

      // Truncated envelopes: inside the ciphertext, and inside the header.
      const deep = await blobAt(bare, 'deep/a/b/c/value.txt');
      await rewriteBlob(bare, scratch.dir, 'deep/a/b/c/value.txt', deep.subarray(0, deep.length - 4));
      await expectFailure(store, 'deep/a/b/c/value.txt', 'E_DECRYPT');
      await rewriteBlob(bare, scratch.dir, 'deep/a/b/c/value.txt', deep.subarray(0, 20));
      await expectFailure(store, 'deep/a/b/c/value.txt', 'E_ENVELOPE');

      // Garbage, and a value someone wrote in plaintext.
      await rewriteBlob(bare, scratch.dir, 'junk/garbage', new Uint8Array(256).map((_, i) => (i * 131 + 7) & 0xff));
      await expectFailure(store, 'junk/garbage', 'E_ENVELOPE');
      await rewriteBlob(bare, scratch.dir, 'junk/plain', new TextEncoder().encode('garbage-plaintext-marker'));
      await expectFailure(store, 'junk/plain', 'E_ENVELOPE');
    } finally {
      for (const s of opened) await s.close();
      scratch.remove();
      cleanup();
    }
  });

  it('rotates keys with rekey in one commit: B alone reads everything, A alone cannot', async () => {
    const { remote, bare, cleanup } = await makeRemote();
    const [keyA, keyB] = [await generateSecretKey(), await generateSecretKey()];
    const opened: Store[] = [];
    const open = async (secretKeys: string) => {
      const s = await openStore({ remote, secretKeys });
      opened.push(s);
      return s;
    };
    try {
      await (await open(keyA)).transaction(async (tx) => {
        for (const [k, v] of Object.entries(VALUES)) tx.set(k, v);
      });
      const updates = await countUpdates(bare);
      expect(await rekey(await open(`${keyB},${keyA}`))).toBe(Object.keys(VALUES).length);
      expect(await countUpdates(bare)).toBe(updates + 1);
      const onlyB = await open(keyB);
      for (const [k, v] of Object.entries(VALUES)) expect(await onlyB.get(k)).toBe(v);
      const err = await (await open(keyA)).get('users/bob.json').catch((e: unknown) => e);
      expect(isGfaError(err, 'E_KEY_MISMATCH')).toBe(true);
    } finally {
      for (const s of opened) await s.close();
      cleanup();
    }
  });
});
