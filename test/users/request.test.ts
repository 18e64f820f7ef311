/** Signed requests: canonical, signed, strict; a forged, altered or stale one is refused. */
import { describe, expect, it } from 'vitest';
import { MAX_INPUT_BYTES } from '../../framework/contract.ts';
import { findBlock, formatBlock } from '../../framework/users/block.ts';
import { canonicalJson } from '../../framework/users/canonical.ts';
import { generateUserKeys } from '../../framework/users/keys.ts';
import { parseRequest, requestDigest, signRequest, verifyRequest } from '../../framework/users/request.ts';

const NOW = Date.UTC(2026, 11, 7, 12);
const parsed = (value: unknown) => parseRequest(findBlock(formatBlock('request', value))!.value);

describe('signed requests', () => {
  it('canonical JSON does not depend on key order', () => {
    expect(canonicalJson({ b: [1, { d: 'x', c: null }], a: true })).toBe('{"a":true,"b":[1,{"c":null,"d":"x"}]}');
    let deep: unknown = 1;
    for (let i = 0; i < 100; i++) deep = [deep];
    expect(() => canonicalJson(deep)).toThrow(/nests deeper than 64/);
  });

  it('verifies against the signer\'s key, and only theirs', async () => {
    const keys = await generateUserKeys();
    const other = await generateUserKeys();
    const req = await signRequest(keys, { job: 'note', requestId: 'r1', time: NOW, input: { text: 'hi', z: 1 } });
    // Reordered keys in transit change nothing.
    const shuffled = parsed({ sig: req.sig, input: { z: 1, text: 'hi' }, time: req.time, requestId: 'r1', job: 'note', v: 1 });
    const digest = await verifyRequest(shuffled, keys.card.sign, NOW + 60_000);
    expect(digest).toBe(await requestDigest(req));
    await expect(verifyRequest(shuffled, other.card.sign, NOW)).rejects.toMatchObject({ code: 'E_SIGNATURE' });
    await expect(verifyRequest(parsed({ ...req, input: { text: 'bye', z: 1 } }), keys.card.sign, NOW)).rejects.toMatchObject({ code: 'E_SIGNATURE' });
    await expect(verifyRequest(parsed({ ...req, job: 'admin' }), keys.card.sign, NOW)).rejects.toMatchObject({ code: 'E_SIGNATURE' });
  });

  it('refuses a time more than ten minutes from the job\'s clock, either way', async () => {
    const keys = await generateUserKeys();
    const req = await signRequest(keys, { job: 'note', requestId: 'r1', time: NOW });
    await expect(verifyRequest(req, keys.card.sign, NOW + 10 * 60_000)).resolves.toBeTypeOf('string');
    await expect(verifyRequest(req, keys.card.sign, NOW + 10 * 60_000 + 1)).rejects.toMatchObject({ code: 'E_STALE_REQUEST' });
    await expect(verifyRequest(req, keys.card.sign, NOW - 10 * 60_000 - 1)).rejects.toMatchObject({ code: 'E_STALE_REQUEST' });
  });

  it('is strict about its shape and caps the input', async () => {
    const keys = await generateUserKeys();
    const req = await signRequest(keys, { job: 'note', requestId: 'r1', time: NOW });
    expect(() => parseRequest({ ...req, user: '1' })).toThrow(/unknown fields \("user"\)/);
    expect(() => parseRequest({ ...req, requestId: 'a/b' })).toThrow(/requestId must match/);
    expect(() => parseRequest({ ...req, job: 'note\n::error::forged' })).toThrow(/job must be a job name/);
    expect(() => parseRequest({ ...req, time: '2026-12-07' })).toThrow(/time must be an integer/);
    expect(() => parseRequest({ ...req, sig: req.sig.slice(8) })).toThrow(/signature must be standard base64 of 64 bytes/);
    expect(() => parseRequest({ ...req, input: 'x'.repeat(MAX_INPUT_BYTES) })).toThrow(/input is \d+ bytes; the limit is 65536/);
  });
});
