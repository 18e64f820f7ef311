import { describe, expect, it } from 'vitest';
import { isGfaError } from '../../framework/errors.ts';
import { ENVELOPE_OVERHEAD, isEnvelope } from '../../framework/crypto/envelope.ts';
import { encryptedDriver } from '../../framework/store/drivers/encrypted.ts';
import { generateSecretKey, parseSecretKeys } from '../../framework/crypto/keys.ts';
import { memoryDriver, type MemoryDriver } from '../../framework/store/drivers/memory.ts';
import { rekey } from '../../framework/store/rekey.ts';
import { createStore, type Store } from '../../framework/store/store.ts';
import { runDriverSuite } from './driver-suite.ts';

const newKey = async () => parseSecretKeys(await generateSecretKey())[0]!;
const text = (s: string) => new TextEncoder().encode(s);
const b64 = (k: Uint8Array) => Buffer.from(k).toString('base64');

runDriverSuite('encrypted (memory)', async () => {
  const inner = memoryDriver();
  return { driver: await encryptedDriver(inner, { keys: [await newKey()] }), commits: async () => inner.commits, cleanup: async () => {} };
});

/** Raw bytes as the inner driver stores them. */
const raw = (inner: MemoryDriver, key: string) => inner.transaction((tx) => tx.get(key));
const rawSet = (inner: MemoryDriver, key: string, value: Uint8Array) => inner.transaction(async (tx) => tx.set(key, value));

async function expectFails(store: Store, inner: MemoryDriver, key: string, code: string, secrets: string[]): Promise<void> {
  const before = inner.commits;
  // A transaction that writes before the failing read: nothing may land.
  const err = await store
    .transaction(async (tx) => {
      tx.set('other/written-first', 'should not land');
      return tx.get(key);
    })
    .then(() => undefined, (e: unknown) => e as Error);
  expect(err, `reading ${key} should fail`).toBeInstanceOf(Error);
  expect(isGfaError(err), String(err)).toBe(true);
  expect((err as unknown as { code: string }).code).toBe(code);
  expect(err!.message).toContain(JSON.stringify(key));
  expect(err!.message).not.toContain('\n');
  for (const s of secrets) expect(err!.message).not.toContain(s);
  expect(inner.commits).toBe(before);
  expect(await raw(inner, 'other/written-first')).toBeUndefined();
}

describe('encrypted driver (memory)', () => {
  it('stores only envelopes, keeps key names readable, and reads values back', async () => {
    const inner = memoryDriver();
    const store = createStore(await encryptedDriver(inner, { keys: [await newKey()] }));
    await store.transaction(async (tx) => {
      tx.set('feeds/a.json', '{"title":"plaintext-marker"}');
      tx.set('feeds/b.bin', new Uint8Array([1, 2, 3]));
      expect(await tx.get('feeds/a.json')).toBe('{"title":"plaintext-marker"}');
    });
    expect(await store.list('feeds/')).toEqual(['feeds/a.json', 'feeds/b.bin']);
    expect(await store.get('feeds/a.json')).toBe('{"title":"plaintext-marker"}');
    expect(await store.getBytes('feeds/b.bin')).toEqual(new Uint8Array([1, 2, 3]));
    const sealed = (await raw(inner, 'feeds/a.json'))!;
    expect(isEnvelope(sealed)).toBe(true);
    expect(sealed.length).toBe('{"title":"plaintext-marker"}'.length + ENVELOPE_OVERHEAD);
    expect(Buffer.from(sealed).includes('plaintext-marker')).toBe(false);
    await store.delete('feeds/a.json');
    expect(await store.list()).toEqual(['feeds/b.bin']);
  });

  it('fails clearly and writes nothing on a wrong key, tampering, a moved ciphertext, truncation, garbage and plaintext', async () => {
    const [a, b] = [await newKey(), await newKey()];
    const inner = memoryDriver();
    const store = createStore(await encryptedDriver(inner, { keys: [a] }));
    await store.set('users/alice', 'alice-secret-value');
    await store.set('users/bob', 'bob-secret-value');
    const secrets = [b64(a), b64(b), 'alice-secret-value', 'bob-secret-value', 'garbage-marker'];

    const wrong = createStore(await encryptedDriver(inner, { keys: [b] }));
    await expectFails(wrong, inner, 'users/alice', 'E_KEY_MISMATCH', secrets);

    const alice = (await raw(inner, 'users/alice'))!;
    await rawSet(inner, 'users/bob', alice);
    await expectFails(store, inner, 'users/bob', 'E_DECRYPT', secrets);

    const tampered = alice.slice();
    tampered[ENVELOPE_OVERHEAD] = tampered[ENVELOPE_OVERHEAD]! ^ 1;
    await rawSet(inner, 'users/t', tampered);
    await expectFails(store, inner, 'users/t', 'E_DECRYPT', secrets);

    await rawSet(inner, 'users/cut', alice.subarray(0, alice.length - 5));
    await expectFails(store, inner, 'users/cut', 'E_DECRYPT', secrets);
    await rawSet(inner, 'users/short', alice.subarray(0, 30));
    await expectFails(store, inner, 'users/short', 'E_ENVELOPE', secrets);
    await rawSet(inner, 'users/garbage', text('garbage-marker'));
    await expectFails(store, inner, 'users/garbage', 'E_ENVELOPE', secrets);
    await rawSet(inner, 'users/random', new Uint8Array(300).map((_, i) => (i * 37 + 11) & 0xff));
    await expectFails(store, inner, 'users/random', 'E_ENVELOPE', secrets);

    // The values that were not touched still open.
    expect(await store.get('users/alice')).toBe('alice-secret-value');
  });

  it('refuses to open without keys', async () => {
    const err = await encryptedDriver(memoryDriver(), { keys: [] }).catch((e: unknown) => e);
    expect(isGfaError(err, 'E_KEY_INVALID')).toBe(true);
  });
});

describe('rekey (memory)', () => {
  it('rotates A → B in one commit: afterwards B alone reads everything and A alone cannot', async () => {
    const [a, b] = [await newKey(), await newKey()];
    const inner = memoryDriver();
    const underA = createStore(await encryptedDriver(inner, { keys: [a] }));
    await underA.transaction(async (tx) => {
      for (let i = 0; i < 20; i++) tx.set(`items/${i}`, `value ${i}`);
      tx.set('bytes', new Uint8Array([0, 255]));
    });
    const both = createStore(await encryptedDriver(inner, { keys: [b, a] }));
    const before = inner.commits;
    expect(await rekey(both)).toBe(21);
    expect(inner.commits).toBe(before + 1);
    const onlyB = createStore(await encryptedDriver(inner, { keys: [b] }));
    for (let i = 0; i < 20; i++) expect(await onlyB.get(`items/${i}`)).toBe(`value ${i}`);
    expect(await onlyB.getBytes('bytes')).toEqual(new Uint8Array([0, 255]));
    const err = await underA.get('items/3').catch((e: unknown) => e);
    expect(isGfaError(err, 'E_KEY_MISMATCH')).toBe(true);
  });

  it('writes nothing when one value cannot be opened', async () => {
    const [a, b, c] = [await newKey(), await newKey(), await newKey()];
    const inner = memoryDriver();
    await createStore(await encryptedDriver(inner, { keys: [a] })).set('x', '1');
    await createStore(await encryptedDriver(inner, { keys: [c] })).set('y', '2');
    const before = inner.commits;
    const err = await rekey(createStore(await encryptedDriver(inner, { keys: [b, a] }))).catch((e: unknown) => e);
    expect(isGfaError(err, 'E_KEY_MISMATCH')).toBe(true);
    expect(inner.commits).toBe(before);
  });
});
