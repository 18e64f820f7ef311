/** A user's keys: generated with libsodium, a strict join card, an export file under the user's passphrase. */
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { exportUserKeys, generateUserKeys, importUserKeys, parseJoinCard, signText, verifyText } from '../../framework/users/keys.ts';

const WEAK = { opslimit: 1, memlimit: 8192 };

describe('user keys', () => {
  it('makes an Ed25519 and an X25519 key pair; the card holds only the public halves', async () => {
    const keys = await generateUserKeys();
    expect(keys.signSecret).toHaveLength(64);
    expect(keys.boxSecret).toHaveLength(32);
    expect(parseJoinCard(JSON.parse(JSON.stringify(keys.card)))).toEqual(keys.card);
    // Logged or serialised by mistake, a key pair shows its card, never a secret.
    expect(JSON.parse(JSON.stringify(keys))).toEqual(keys.card);
    expect(Object.keys(keys)).toEqual(['card']);
    const secret = Buffer.from(keys.signSecret).toString('base64');
    expect(inspect(keys, { depth: 5 })).not.toContain(secret.slice(0, 16));
    expect(inspect(keys, { depth: 5 })).not.toMatch(/Uint8Array/);
    const sig = await signText(keys, 'test', 'hello');
    expect(await verifyText(keys.card.sign, 'test', 'hello', sig)).toBe(true);
    expect(await verifyText(keys.card.sign, 'other', 'hello', sig)).toBe(false);
  });

  it('exports under the passphrase and imports on a second device', async () => {
    const keys = await generateUserKeys();
    const file = JSON.parse(JSON.stringify(await exportUserKeys(keys, 'correct horse', WEAK)));
    expect(JSON.stringify(file)).not.toContain('correct horse');
    const back = await importUserKeys(file, 'correct horse', { allowWeak: true });
    expect(back.card).toEqual(keys.card);
    expect(Buffer.from(back.signSecret).equals(Buffer.from(keys.signSecret))).toBe(true);
    const wrong = await importUserKeys(file, 'wrong horse', { allowWeak: true }).catch((e: Error & { code: string }) => e);
    expect(wrong).toMatchObject({ code: 'E_PASSPHRASE' });
    expect((wrong as Error).message).not.toContain('horse');
    // Weak limits are refused without the tests-only flag, as for the owner's keys file.
    await expect(importUserKeys(file, 'correct horse')).rejects.toMatchObject({ code: 'E_INPUT' });
  });

  it('refuses a key file whose card is not its keys\'', async () => {
    const keys = await generateUserKeys();
    const other = await generateUserKeys();
    const file = { ...(await exportUserKeys(keys, 'pw', WEAK)), card: other.card };
    await expect(importUserKeys(file, 'pw', { allowWeak: true })).rejects.toThrow(/do not match its card/);
    await expect(importUserKeys({ kind: 'x' }, 'pw')).rejects.toThrow(/not a gfa user key file/);
  });

  it('a card is strict: version, exact base64 lengths, no other field', async () => {
    const { card } = await generateUserKeys();
    expect(() => parseJoinCard({ ...card, v: 2 })).toThrow(/version 2/);
    expect(() => parseJoinCard({ ...card, sign: card.sign.slice(4) })).toThrow(/sign key must be standard base64 of 32 bytes/);
    expect(() => parseJoinCard({ ...card, box: `${card.box}AAAA` })).toThrow(/box key must be standard base64 of 32 bytes/);
    expect(() => parseJoinCard({ ...card, admin: true })).toThrow(/unknown fields/);
    expect(() => parseJoinCard([card])).toThrow(/JSON object/);
  });
});
