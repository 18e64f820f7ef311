import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isGfaError } from '../../framework/errors.ts';
import { decodeBase64, encodeBase64, generateSecretKey, keyId, parseSecretKeys } from '../../framework/crypto/keys.ts';

const bin = fileURLToPath(new URL('../../framework/cli/bin.mjs', import.meta.url));

function expectCode(fn: () => unknown, code: string): Error {
  try {
    fn();
  } catch (err) {
    expect(isGfaError(err), String(err)).toBe(true);
    expect((err as { code: string }).code).toBe(code);
    return err as Error;
  }
  throw new Error('expected a throw');
}

describe('secret keys', () => {
  it('generates distinct 32-byte standard base64 keys that parse back', async () => {
    const a = await generateSecretKey();
    const b = await generateSecretKey();
    expect(a).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(a).not.toBe(b);
    const [ka, kb] = parseSecretKeys(` ${a} ,${b}`);
    expect(encodeBase64(ka!)).toBe(a);
    expect(encodeBase64(kb!)).toBe(b);
  });

  it('treats blank text as no keys', () => {
    expect(parseSecretKeys('')).toEqual([]);
    expect(parseSecretKeys('  ')).toEqual([]);
  });

  it('rejects bad entries by position without echoing them', async () => {
    const good = await generateSecretKey();
    const secretish = 'c2VjcmV0LXRleHQtdGhhdC1pcy10b28tc2hvcnQ=';
    const cases: [string, string][] = [
      [secretish, 'GFA_SECRET_KEY is not'],
      [`${good},${secretish}`, 'entry 2 of GFA_SECRET_KEY'],
      [`${good},`, 'entry 2 of GFA_SECRET_KEY'],
      [good.replace('=', ''), 'GFA_SECRET_KEY is not'],
      [`${good.slice(0, -2)}_=`, 'GFA_SECRET_KEY is not'],
      [`not base64 at all!`, 'GFA_SECRET_KEY is not'],
      [`${good}${good}`, 'GFA_SECRET_KEY is not'],
    ];
    for (const [text, where] of cases) {
      const err = expectCode(() => parseSecretKeys(text), 'E_KEY_INVALID');
      expect(err.message).toContain(where);
      expect(err.message).toContain('gfa keygen');
      expect(err.message).not.toContain(secretish);
      expect(err.message).not.toContain(good.slice(0, 12));
    }
  });

  it('derives a stable 8-byte key id that differs per key and does not contain the key', async () => {
    const [k1, k2] = parseSecretKeys(`${await generateSecretKey()},${await generateSecretKey()}`);
    const id1 = await keyId(k1!);
    expect(id1.length).toBe(8);
    expect(await keyId(k1!)).toEqual(id1);
    expect(await keyId(k2!)).not.toEqual(id1);
    expect(Buffer.from(k1!).includes(Buffer.from(id1))).toBe(false);
  });

  it('decodes only strict base64', () => {
    expect(decodeBase64('AAEC')).toEqual(new Uint8Array([0, 1, 2]));
    expect(decodeBase64('AAE=')).toEqual(new Uint8Array([0, 1]));
    expect(decodeBase64('AAE')).toBeUndefined();
    expect(decodeBase64('AA E=')).toBeUndefined();
    expect(decodeBase64('AA-_')).toBeUndefined();
  });
});

function gfa(...args: string[]) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('gfa keygen', () => {
  it('refuses arguments with a one-line usage error', async () => {
    const r = await gfa('keygen', 'extra');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^gfa: keygen takes no arguments[^\n]*\n$/);
  });

  it('prints one new base64 key and nothing else', async () => {
    const [a, b] = await Promise.all([gfa('keygen'), gfa('keygen')]);
    for (const r of [a, b]) {
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/^[A-Za-z0-9+/]{43}=\n$/);
      expect(parseSecretKeys(r.stdout.trim())).toHaveLength(1);
    }
    expect(a.stdout).not.toBe(b.stdout);
  });
});
