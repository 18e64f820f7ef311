/**
 * Secret keys: generating, parsing `GFA_SECRET_KEY`, and key ids. Browser-safe (no Node built-ins).
 * A secret key is 32 random bytes in standard base64; several keys are comma-separated (the first encrypts).
 */
import { GfaError } from '../errors.ts';
import { getSodium } from './sodium.ts';

/** Length in bytes of a secret key. */
export const SECRET_KEY_BYTES = 32;
/** Length in bytes of a key id. */
export const KEY_ID_BYTES = 8;

const KEY_ID_CONTEXT = new TextEncoder().encode('gfa/key-id/v1');
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** A new secret key: 32 random bytes, standard base64 (what `gfa keygen` prints). */
export async function generateSecretKey(): Promise<string> {
  const sodium = await getSodium();
  return encodeBase64(sodium.randombytes_buf(SECRET_KEY_BYTES));
}

/**
 * Parses the value of `GFA_SECRET_KEY`: comma-separated standard base64, each exactly 32 bytes.
 * Spaces around entries are ignored; an empty or blank text gives no keys (a plaintext store).
 * Throws `E_KEY_INVALID` naming the entry's position, never its text.
 */
export function parseSecretKeys(text: string): Uint8Array[] {
  if (text.trim() === '') return [];
  const entries = text.split(',');
  return entries.map((entry, i) => {
    const bytes = decodeBase64(entry.trim());
    if (!bytes || bytes.length !== SECRET_KEY_BYTES) {
      const where = entries.length > 1 ? `entry ${i + 1} of GFA_SECRET_KEY` : 'GFA_SECRET_KEY';
      throw new GfaError('E_KEY_INVALID', `${where} is not a 32-byte base64 key; create one with gfa keygen`);
    }
    return bytes;
  });
}

/**
 * A short public id of a key (8 bytes): BLAKE2b keyed with the key over a fixed context, so it
 * names the key in envelope headers without revealing anything about it.
 */
export async function keyId(key: Uint8Array): Promise<Uint8Array> {
  const sodium = await getSodium();
  return sodium.crypto_generichash(KEY_ID_BYTES, KEY_ID_CONTEXT, key);
}

/** Standard base64 with padding. Browser-safe, usable before libsodium loads. */
export function encodeBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** Decodes strict standard base64 (with padding); undefined when `text` is not valid base64. */
export function decodeBase64(text: string): Uint8Array | undefined {
  if (!BASE64.test(text)) return undefined;
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}
