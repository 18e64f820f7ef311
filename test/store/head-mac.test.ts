/** Signed heads of encrypted stores: tampering and rollback are refused before anything is read. */
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEnvelopeCodec, ENVELOPE_VERSION } from '../../framework/crypto/envelope.ts';
import { generateSecretKey, parseSecretKeys } from '../../framework/crypto/keys.ts';
import { gitDriver } from '../../framework/store/drivers/git.ts';
import { createStore } from '../../framework/store/store.ts';
import { isGfaError } from '../../framework/errors.ts';
import { openStore, type OpenStoreOptions } from '../../framework/store/open.ts';
import { rekey } from '../../framework/store/rekey.ts';
import type { Store } from '../../framework/store/store.ts';
import { git, setupBare, tempDir } from './helpers/git-fixtures.ts';

const run = promisify(execFile);
const ID = { GIT_AUTHOR_NAME: 'x', GIT_AUTHOR_EMAIL: 'x@x', GIT_COMMITTER_NAME: 'x', GIT_COMMITTER_EMAIL: 'x@x' };
const raw = async (cwd: string, args: string[], env: Record<string, string> = {}) =>
  (await run('git', args, { cwd, encoding: 'buffer', env: { ...process.env, ...env } })).stdout;

let tmp: ReturnType<typeof tempDir>;
let bare: string;
let key: string;
const opened: Store[] = [];
const open = async (extra: Partial<OpenStoreOptions> = {}) => {
  const s = await openStore({ remote: bare, secretKeys: key, ...extra });
  opened.push(s);
  return s;
};
beforeEach(async () => {
  tmp = tempDir('head-mac');
  bare = join(tmp.dir, 'remote.git');
  await setupBare(bare);
  key = await generateSecretKey();
});
afterEach(async () => {
  for (const s of opened.splice(0)) await s.close();
  tmp.remove();
});

const headSha = async () => (await git(bare, 'rev-parse', 'refs/heads/data')).trim();
const message = async (rev = 'refs/heads/data') => (await git(bare, 'log', '-1', '--format=%B', rev)).trim();

/** A commit made by hand (as anyone with push access could): `edit` changes the head's index; the message is copied, trailer and all. */
async function handCommit(edit: (env: Record<string, string>) => Promise<void>, msg?: string): Promise<void> {
  const env = { GIT_INDEX_FILE: join(tmp.dir, 'index'), ...ID };
  await raw(bare, ['read-tree', 'refs/heads/data'], env);
  await edit(env);
  const tree = (await raw(bare, ['write-tree'], env)).toString().trim();
  const commit = (await raw(bare, ['commit-tree', tree, '-m', msg ?? (await message())], env)).toString().trim();
  await raw(bare, ['update-ref', 'refs/heads/data', commit]);
}

/** Expects `store` to refuse the head with `code` without running the transaction's function. */
async function expectRefused(store: Store, code: 'E_TAMPERED' | 'E_ROLLBACK'): Promise<Error> {
  let ran = false;
  const err = await store
    .transaction(async (tx) => {
      ran = true;
      return tx.get('a');
    })
    .catch((e: unknown) => e as Error);
  expect(isGfaError(err, code), String(err)).toBe(true);
  expect(ran).toBe(false); // nothing decrypted from the bad head
  expect((err as Error).message).not.toContain(key);
  return err as Error;
}

describe('signed heads of an encrypted store', () => {
  it('every commit carries gfa-mac with an increasing counter', async () => {
    const store = await open();
    await store.set('a', 'one');
    expect(await message()).toMatch(/^gfa: update\n\ngfa-results: 0\ngfa-mac: v1 1 [0-9a-f]{16} [A-Za-z0-9+/]{43}=$/);
    await store.set('b', 'two');
    expect(await message()).toMatch(/\ngfa-mac: v1 2 /);
  });

  it('refuses a swapped ciphertext (an older valid value of the same key)', async () => {
    const store = await open();
    await store.set('a', 'old');
    const oldBlob = (await git(bare, 'rev-parse', 'data:a')).trim();
    await store.set('a', 'new');
    await handCommit(async (env) => void (await raw(bare, ['update-index', '--cacheinfo', `100644,${oldBlob},a`], env)));
    const err = await expectRefused(await open(), 'E_TAMPERED');
    expect(err.message).toMatch(/does not match its gfa-mac.*put the branch back/);
  });

  it('refuses a key deleted by hand', async () => {
    const store = await open();
    await store.transaction(async (tx) => {
      tx.set('a', '1');
      tx.set('b', '2');
    });
    await handCommit(async (env) => void (await run('sh', ['-c', "git read-tree $(git ls-tree refs/heads/data | grep -v '\tb$' | git mktree)"], { cwd: bare, env: { ...process.env, ...env } })));
    await expectRefused(await open(), 'E_TAMPERED');
  });

  it('refuses a forged or malformed trailer', async () => {
    const store = await open();
    await store.set('a', '1');
    const good = await message();
    await handCommit(async () => {}, good.replace(/ [A-Za-z0-9+/]{43}=$/, ` ${'A'.repeat(43)}=`));
    await expectRefused(await open(), 'E_TAMPERED');
    await handCommit(async () => {}, 'gfa: update\n\ngfa-mac: v1 nonsense');
    await expectRefused(await open(), 'E_TAMPERED');
  });

  it('a reader with a cache dir refuses a force-push of an older gfa commit, and a deleted branch', async () => {
    const cacheDir = join(tmp.dir, 'cache');
    const reader = await open({ cacheDir });
    await reader.set('a', '1');
    const older = await headSha();
    await reader.set('a', '2');
    expect(await reader.get('a')).toBe('2');
    await git(bare, 'update-ref', 'refs/heads/data', older);
    const err = await expectRefused(reader, 'E_ROLLBACK');
    expect(err.message).toMatch(/counter 1, but this reader has seen counter 2/);
    // A new process with the same cache dir remembers too.
    await expectRefused(await open({ cacheDir }), 'E_ROLLBACK');
    // A reader without memory cannot tell (documented): it reads the older, validly signed state.
    expect(await (await open()).get('a')).toBe('1');
    await git(bare, 'update-ref', '-d', 'refs/heads/data');
    expect((await expectRefused(await open({ cacheDir }), 'E_ROLLBACK')).message).toMatch(/is gone/);
  });

  it('opens a store written before heads were signed and signs it on the next write', async () => {
    // What gfa wrote before: first-format envelopes, commits without a trailer.
    const codec = await createEnvelopeCodec(parseSecretKeys(key), { version: ENVELOPE_VERSION });
    const old = createStore(gitDriver({ remote: bare }));
    await old.transaction(async (tx) => tx.set('a', codec.seal('a', new TextEncoder().encode('1'))));
    await old.close();
    expect(await message()).toBe('gfa: update\n\ngfa-results: 0');
    const cacheDir = join(tmp.dir, 'cache');
    const reader = await open({ cacheDir });
    expect(await reader.get('a')).toBe('1');
    await reader.set('b', '2');
    expect(await message()).toMatch(/\ngfa-mac: v1 1 /);
    expect(await (await open()).get('a')).toBe('1');
    // Once a signed head was seen, an unsigned one is a rollback for that reader.
    await handCommit(async () => {}, 'gfa: update');
    expect((await expectRefused(reader, 'E_ROLLBACK')).message).toMatch(/carries no gfa-mac/);
  });

  it('a reader with no memory refuses a head whose trailer was removed once it reads a value sealed since', async () => {
    const store = await open();
    await store.transaction(async (tx) => {
      tx.set('a', '1');
      tx.set('b', '2');
    });
    const oldA = (await git(bare, 'rev-parse', 'data:a')).trim();
    await store.set('a', 'changed');
    // Swap a back to its older ciphertext and drop the trailer, as if the store were never signed.
    await handCommit(async (env) => void (await raw(bare, ['update-index', '--cacheinfo', `100644,${oldA},a`], env)), 'gfa: update');
    const err = await (await open()).get('a').catch((e: unknown) => e as Error);
    expect(isGfaError(err, 'E_TAMPERED'), String(err)).toBe(true);
    expect((err as Error).message).toMatch(/carries no gfa-mac, but the value at "a" was sealed by a gfa that signs heads/);
    // A key deleted under a stripped trailer is not seen by a reader that reads no value and has no memory (README).
  });

  it('rekey signs with the new key; keep history keeps counting', async () => {
    const store = await open({ history: 'keep' });
    await store.set('a', '1');
    await store.set('b', '2');
    const newKey = await generateSecretKey();
    const both = await openStore({ remote: bare, secretKeys: `${newKey},${key}`, history: 'keep' });
    opened.push(both);
    expect(await rekey(both)).toBe(2);
    expect(await message()).toMatch(/^gfa: rekey\n\ngfa-results: 0\ngfa-mac: v1 3 /);
    expect((await git(bare, 'rev-list', '--count', 'refs/heads/data')).trim()).toBe('3');
    const onlyNew = await openStore({ remote: bare, secretKeys: newKey });
    opened.push(onlyNew);
    expect(await onlyNew.get('a')).toBe('1');
    const onlyOld = await open();
    const err = await onlyOld.get('a').catch((e: unknown) => e);
    expect(isGfaError(err, 'E_KEY_MISMATCH')).toBe(true);
  });
});
