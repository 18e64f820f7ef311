import { describe, expect, it } from 'vitest';
import { isGfaError } from '../../framework/errors.ts';
import { KDF_MODERATE, type KeysFile, unwrapSecrets, validateKeysFile, wrapSecrets } from '../../framework/crypto/passphrase.ts';
import { getSodium } from '../../framework/crypto/sodium.ts';

// Fast limits for most tests; one test runs the real MODERATE derivation.
const WEAK = { opslimit: 1, memlimit: 8192 };
const secrets = { dataKey: 'c2VjcmV0LWRhdGEta2V5LXZhbHVlLTMyLWJ5dGVzISE=', triggerToken: 'github_pat_TOPSECRET' };

async function expectCode(p: Promise<unknown> | (() => unknown), code: string): Promise<Error> {
  const err = await (typeof p === 'function' ? Promise.resolve().then(p) : p).then(
    () => new Error('expected a rejection'),
    (e: unknown) => e as Error,
  );
  expect(isGfaError(err), String(err)).toBe(true);
  expect((err as unknown as { code: string }).code).toBe(code);
  for (const s of [...Object.values(secrets), 'correct horse']) expect(err.message).not.toContain(s);
  return err;
}

describe('passphrase-wrapped secrets', () => {
  it('libsodium sumo really runs crypto_pwhash (Argon2id)', async () => {
    const sodium = await getSodium();
    expect(typeof sodium.crypto_pwhash).toBe('function');
    const out = sodium.crypto_pwhash(32, 'pw', new Uint8Array(16), 1, 8192, sodium.crypto_pwhash_ALG_ARGON2ID13);
    expect(out).toHaveLength(32);
    expect(sodium.crypto_pwhash_ALG_ARGON2ID13).toBe(2);
    expect(KDF_MODERATE).toEqual({ opslimit: sodium.crypto_pwhash_OPSLIMIT_MODERATE, memlimit: sodium.crypto_pwhash_MEMLIMIT_MODERATE });
  });

  it('defaults to MODERATE Argon2id and round-trips (one real derivation each way)', async () => {
    const file = await wrapSecrets('correct horse', secrets);
    expect(file.kdf).toMatchObject({ alg: 'argon2id13', opslimit: KDF_MODERATE.opslimit, memlimit: KDF_MODERATE.memlimit });
    expect(validateKeysFile(JSON.parse(JSON.stringify(file)))).toEqual(file);
    expect(JSON.stringify(file)).not.toContain('TOPSECRET');
    expect(await unwrapSecrets(file, 'correct horse')).toEqual(secrets);
  }, 30_000);

  it('rejects a wrong passphrase with E_PASSPHRASE', async () => {
    const file = await wrapSecrets('correct horse', secrets, WEAK);
    const err = await expectCode(unwrapSecrets(file, 'correct horsE', { allowWeak: true }), 'E_PASSPHRASE');
    expect(err.message).toMatch(/^wrong passphrase/);
    expect(await unwrapSecrets(file, 'correct horse', { allowWeak: true })).toEqual(secrets);
  });

  it('refuses limits below MODERATE on unwrap unless allowWeak', async () => {
    const file = await wrapSecrets('correct horse', secrets, WEAK);
    expect((await expectCode(unwrapSecrets(file, 'correct horse'), 'E_CONFIG')).message).toContain('below MODERATE');
  });

  it('binds every KDF parameter and the ciphertext: changing any fails', async () => {
    const file = await wrapSecrets('correct horse', secrets, WEAK);
    const salt = (await getSodium()).randombytes_buf(16);
    const edits: ((f: KeysFile) => void)[] = [
      (f) => (f.kdf.opslimit = 2),
      (f) => (f.kdf.memlimit = 16384),
      (f) => (f.kdf.salt = btoa(String.fromCharCode(...salt))),
      (f) => (f.nonce = btoa('x'.repeat(24))),
      (f) => (f.ciphertext = `A${f.ciphertext.slice(1)}` === f.ciphertext ? `B${f.ciphertext.slice(1)}` : `A${f.ciphertext.slice(1)}`),
    ];
    for (const edit of edits) {
      const copy = structuredClone(file);
      edit(copy);
      await expectCode(unwrapSecrets(copy, 'correct horse', { allowWeak: true }), 'E_PASSPHRASE');
    }
  });

  it('validates the file shape with clear errors', async () => {
    const file = await wrapSecrets('pw', secrets, WEAK);
    const cases: [unknown, string][] = [
      [null, 'expected a JSON object'],
      [[], 'expected a JSON object'],
      [{ ...file, version: 2 }, 'unsupported version 2'],
      [{ ...file, kdf: undefined }, 'missing "kdf"'],
      [{ ...file, kdf: { ...file.kdf, alg: 'argon2i13' } }, 'kdf.alg'],
      [{ ...file, kdf: { ...file.kdf, salt: 'AAAA' } }, 'kdf.salt must be standard base64 of 16 bytes'],
      [{ ...file, nonce: 'not base64!' }, 'nonce'],
      [{ ...file, ciphertext: 'AAAA' }, 'ciphertext'],
      [{ ...file, kdf: { ...file.kdf, opslimit: '3' } }, 'must be numbers'],
      [{ ...file, kdf: { ...file.kdf, memlimit: 64 * 1024 ** 3 } }, 'kdf.memlimit must be an integer'],
      [{ ...file, kdf: { ...file.kdf, opslimit: 1.5 } }, 'kdf.opslimit must be an integer'],
    ];
    for (const [json, msg] of cases) {
      const err = await expectCode(() => validateKeysFile(json), 'E_CONFIG');
      expect(err.message).toContain('.gfa/keys.json is invalid');
      expect(err.message).toContain(msg);
    }
  });

  it('refuses a keys file with huge KDF limits before any work, and 1 GiB even with the opt-in', async () => {
    const file = await wrapSecrets('pw', secrets, WEAK);
    const huge = { ...file, kdf: { ...file.kdf, opslimit: 16, memlimit: 1024 ** 3 } };
    const started = Date.now();
    await expectCode(unwrapSecrets(huge, 'pw'), 'E_CONFIG');
    await expectCode(unwrapSecrets(huge, 'pw', { allowCostlyKdf: true }), 'E_CONFIG');
    await expectCode(unwrapSecrets({ ...file, kdf: { ...file.kdf, memlimit: 1024 ** 3 } }, 'pw', { allowCostlyKdf: true, allowWeak: true }), 'E_CONFIG');
    expect(Date.now() - started).toBeLessThan(1000); // no Argon2id ran (1 GiB × 16 passes would take minutes)
    // Above MODERATE is refused without the owner's opt-in, and accepted (shape-wise) with it.
    const costly = { ...file, kdf: { ...file.kdf, opslimit: 8, memlimit: 512 * 1024 ** 2 } };
    expect((await expectCode(() => validateKeysFile(costly), 'E_CONFIG')).message).toContain('opt in');
    expect(validateKeysFile(costly, { allowCostlyKdf: true }).kdf.memlimit).toBe(512 * 1024 ** 2);
    expect(validateKeysFile({ ...file, kdf: { ...file.kdf, ...KDF_MODERATE } }).kdf.memlimit).toBe(KDF_MODERATE.memlimit);
    await expectCode(wrapSecrets('pw', secrets, { opslimit: 4, memlimit: 1024 ** 3, allowCostlyKdf: true }), 'E_CONFIG');
  }, 5000);

  it('uses a fresh salt and nonce per wrap', async () => {
    const [a, b] = [await wrapSecrets('pw', secrets, WEAK), await wrapSecrets('pw', secrets, WEAK)];
    expect(a.kdf.salt).not.toBe(b.kdf.salt);
    expect(a.nonce).not.toBe(b.nonce);
  });

  it('refuses secrets that are not strings', async () => {
    await expectCode(wrapSecrets('pw', { a: 1 } as unknown as Record<string, string>, WEAK), 'E_INPUT');
  });
});
