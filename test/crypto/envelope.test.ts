import { describe, expect, it } from 'vitest';
import { isGfaError } from '../../framework/errors.ts';
import { ENVELOPE_OVERHEAD, ENVELOPE_SIGNED_ERA, ENVELOPE_VERSION, createEnvelopeCodec, isEnvelope, isSignedEra, openValue, sealValue } from '../../framework/crypto/envelope.ts';
import { generateSecretKey, keyId, parseSecretKeys } from '../../framework/crypto/keys.ts';
import { getSodium, randomBytes } from '../../framework/crypto/sodium.ts';

const text = (s: string) => new TextEncoder().encode(s);
const newKey = async () => parseSecretKeys(await generateSecretKey())[0]!;

async function expectCode(p: Promise<unknown>, code: string): Promise<Error> {
  const err = await p.then(
    () => new Error('expected a rejection'),
    (e: unknown) => e as Error,
  );
  expect(isGfaError(err), String(err)).toBe(true);
  expect((err as unknown as { code: string }).code).toBe(code);
  expect(err.message).not.toContain('\n');
  return err;
}

describe('envelopes', () => {
  it('round-trips values of any size, with a fresh nonce each time', async () => {
    const key = await newKey();
    for (const size of [0, 1, 100, 70_000]) {
      const plain = (await getSodium()).randombytes_buf(size);
      const a = await sealValue(key, 'a/b.json', plain);
      const b = await sealValue(key, 'a/b.json', plain);
      expect(a.length).toBe(size + ENVELOPE_OVERHEAD);
      expect(a).not.toEqual(b);
      expect(isEnvelope(a)).toBe(true);
      expect(await openValue([key], 'a/b.json', a)).toEqual(plain);
    }
    expect(ENVELOPE_OVERHEAD).toBe(81);
  });

  it('lays out version, key id, commitment, nonce, ciphertext', async () => {
    const key = await newKey();
    const env = await sealValue(key, 'k', text('hello'));
    expect(env[0]).toBe(ENVELOPE_SIGNED_ERA);
    expect(env.subarray(1, 9)).toEqual(await keyId(key));
    expect(Buffer.from(env).includes(Buffer.from('hello'))).toBe(false);
  });

  it('is never confused with plaintext', () => {
    expect(isEnvelope(text('{"a":1}'.padEnd(200, ' ')))).toBe(false);
    expect(isEnvelope(new Uint8Array(10).fill(ENVELOPE_VERSION))).toBe(false);
  });

  it('opens with any listed key and seals with the first', async () => {
    const [a, b] = [await newKey(), await newKey()];
    const underA = await sealValue(a, 'x', text('v'));
    const codec = await createEnvelopeCodec([b, a]);
    expect(codec.open('x', underA)).toEqual(text('v'));
    const resealed = codec.seal('x', text('v'));
    expect(resealed.subarray(1, 9)).toEqual(await keyId(b));
    await expectCode(openValue([a], 'x', resealed), 'E_KEY_MISMATCH');
  });

  it('fails with E_KEY_MISMATCH under a wrong key, naming the path only', async () => {
    const [a, b] = [await newKey(), await newKey()];
    const env = await sealValue(a, 'feeds/1.json', text('secret value'));
    const err = await expectCode(openValue([b], 'feeds/1.json', env), 'E_KEY_MISMATCH');
    expect(err.message).toContain('"feeds/1.json"');
    expect(err.message).toContain('GFA_SECRET_KEY');
    expect(err.message).not.toContain('secret value');
  });

  it('checks the key commitment: a forged header with the right key id still fails', async () => {
    const [a, b] = [await newKey(), await newKey()];
    const env = await sealValue(a, 'k', text('v'));
    // Claim key b's id: the commitment (computed with a) does not verify under b.
    env.set(await keyId(b), 1);
    await expectCode(openValue([b], 'k', env), 'E_KEY_MISMATCH');
    // Same-id keys are told apart by the commitment: a tampered commitment is refused before decrypting.
    const env2 = await sealValue(a, 'k', text('v'));
    env2[20] = env2[20]! ^ 1;
    await expectCode(openValue([a], 'k', env2), 'E_KEY_MISMATCH');
  });

  it('fails with E_DECRYPT when the ciphertext was tampered with or moved', async () => {
    const key = await newKey();
    const env = await sealValue(key, 'users/alice', text('balance=10'));
    const tampered = env.slice();
    tampered[tampered.length - 20] = tampered[tampered.length - 20]! ^ 0x40;
    await expectCode(openValue([key], 'users/alice', tampered), 'E_DECRYPT');
    const err = await expectCode(openValue([key], 'users/bob', env), 'E_DECRYPT');
    expect(err.message).toContain('"users/bob"');
    expect(err.message).not.toContain('balance');
    const cut = env.subarray(0, env.length - 1);
    await expectCode(openValue([key], 'users/alice', cut), 'E_DECRYPT');
  });

  it('fails with E_ENVELOPE on garbage, plaintext, short input and unknown versions', async () => {
    const key = await newKey();
    const env = await sealValue(key, 'k', text('v'));
    await expectCode(openValue([key], 'k', text('{"plain":"json"}')), 'E_ENVELOPE');
    await expectCode(openValue([key], 'k', new Uint8Array(0)), 'E_ENVELOPE');
    await expectCode(openValue([key], 'k', (await getSodium()).randombytes_buf(500).fill(0x7f, 0, 1)), 'E_ENVELOPE');
    const short = await expectCode(openValue([key], 'k', env.subarray(0, 40)), 'E_ENVELOPE');
    expect(short.message).toContain('truncated');
    const future = env.slice();
    future[0] = ENVELOPE_SIGNED_ERA + 1;
    expect((await expectCode(openValue([key], 'k', future), 'E_ENVELOPE')).message).toContain('upgrade gfa');
  });

  it('opens first-format envelopes; the format byte of a newer one cannot be turned back', async () => {
    const key = await newKey();
    const old = (await createEnvelopeCodec([key], { version: ENVELOPE_VERSION })).seal('k', text('v1'));
    expect(old[0]).toBe(ENVELOPE_VERSION);
    expect(isSignedEra(old)).toBe(false);
    expect(await openValue([key], 'k', old)).toEqual(text('v1'));
    const now = await sealValue(key, 'k', text('v2'));
    expect(isSignedEra(now)).toBe(true);
    const downgraded = now.slice();
    downgraded[0] = ENVELOPE_VERSION;
    await expect(openValue([key], 'k', downgraded)).rejects.toThrow();
  });

  it('refuses an empty key list or a key of the wrong size', async () => {
    await expectCode(createEnvelopeCodec([]), 'E_KEY_INVALID');
    await expectCode(createEnvelopeCodec([new Uint8Array(16)]), 'E_KEY_INVALID');
  });

  it('draws nonces that never repeat, across refills of the random pool', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      const n = randomBytes(24);
      expect(n).toHaveLength(24);
      seen.add(Buffer.from(n).toString('hex'));
    }
    expect(seen.size).toBe(1000);
    expect(randomBytes(100)).toHaveLength(100);
  });
});
