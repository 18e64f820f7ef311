/**
 * @module A user's keys (issue 26), made in the browser (or Node) with libsodium: Ed25519 to sign
 * requests (`crypto_sign_keypair`) and X25519 to have data sealed to them (`crypto_box_keypair`). The
 * public halves make the join card the user posts; the private halves stay with the user, wrapped
 * under their own passphrase for a second device with the owner's keys-file code (Argon2id, the same
 * limits and checks: framework/crypto/passphrase.ts). Private keys are not enumerable and
 * `JSON.stringify` of a key pair gives its card only, so a key pair logged by mistake shows no secret;
 * no error names a key or the passphrase. Browser-safe.
 */
import { GfaError, isGfaError } from '../errors.ts';
import { decodeBase64, encodeBase64 } from '../crypto/keys.ts';
import { unwrapSecrets, validateKeysFile, wrapSecrets, type KdfOptions, type KeysFile, type UnwrapOptions } from '../crypto/passphrase.ts';
import { getSodium } from '../crypto/sodium.ts';

/** The public join card: what a user posts to join (JSON), and what the app binds to their forge id. */
export interface JoinCard {
  v: 1;
  /** Ed25519 public key, standard base64 of 32 bytes: verifies the user's requests. */
  sign: string;
  /** X25519 public key, standard base64 of 32 bytes: data for the user is sealed to it. */
  box: string;
}

/** A user's key pair. The secret halves are not enumerable; `toJSON()` gives the card. */
export interface UserKeys {
  readonly card: JoinCard;
  /** Ed25519 secret key (64 bytes). */
  readonly signSecret: Uint8Array;
  /** X25519 secret key (32 bytes). */
  readonly boxSecret: Uint8Array;
  toJSON(): JoinCard;
}

/** The file a user keeps for a second device: the card, and the secret keys wrapped under their passphrase. */
export interface UserKeysExport {
  kind: 'gfa-user-keys';
  v: 1;
  card: JoinCard;
  wrapped: KeysFile;
}

/** Byte lengths the card and signatures must have. */
export const SIGN_PUBLIC_BYTES = 32;
export const BOX_PUBLIC_BYTES = 32;
export const SIGNATURE_BYTES = 64;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `value` as standard base64 of exactly `bytes` bytes, or E_INPUT naming the field (never its text). */
export function base64Of(value: unknown, bytes: number, what: string): Uint8Array {
  const decoded = typeof value === 'string' && value.length <= 4 * Math.ceil(bytes / 3) ? decodeBase64(value) : undefined;
  if (!decoded || decoded.length !== bytes) throw new GfaError('E_INPUT', `${what} must be standard base64 of ${bytes} bytes`);
  return decoded;
}

/** Checks that `value` is exactly a join card (no other field) and returns it. Throws one-line E_INPUT. */
export function parseJoinCard(value: unknown, what = 'the join card'): JoinCard {
  if (!isObject(value)) throw new GfaError('E_INPUT', `${what} must be a JSON object`);
  const extra = Object.keys(value).filter((k) => k !== 'v' && k !== 'sign' && k !== 'box');
  if (extra.length > 0) throw new GfaError('E_INPUT', `${what} has unknown fields (${extra.slice(0, 3).map((k) => JSON.stringify(k.slice(0, 20))).join(', ')}); it holds v, sign and box`);
  if (value.v !== 1) throw new GfaError('E_INPUT', `${what} has version ${JSON.stringify(value.v) ?? 'none'}; this gfa reads version 1`);
  base64Of(value.sign, SIGN_PUBLIC_BYTES, `${what}'s sign key`);
  base64Of(value.box, BOX_PUBLIC_BYTES, `${what}'s box key`);
  return { v: 1, sign: value.sign as string, box: value.box as string };
}

function keyPair(card: JoinCard, signSecret: Uint8Array, boxSecret: Uint8Array): UserKeys {
  const keys = { card } as UserKeys;
  Object.defineProperty(keys, 'signSecret', { value: signSecret, enumerable: false });
  Object.defineProperty(keys, 'boxSecret', { value: boxSecret, enumerable: false });
  Object.defineProperty(keys, 'toJSON', { value: () => card, enumerable: false });
  return Object.freeze(keys);
}

/** A new key pair for a user. */
export async function generateUserKeys(): Promise<UserKeys> {
  const sodium = await getSodium();
  const sign = sodium.crypto_sign_keypair();
  const box = sodium.crypto_box_keypair();
  return keyPair({ v: 1, sign: encodeBase64(sign.publicKey), box: encodeBase64(box.publicKey) }, sign.privateKey, box.privateKey);
}

/**
 * The export file of `keys`, wrapped under the user's `passphrase` with Argon2id (MODERATE limits by
 * default; `kdf` as for the owner's keys file, lower limits for tests only).
 */
export async function exportUserKeys(keys: UserKeys, passphrase: string, kdf?: KdfOptions): Promise<UserKeysExport> {
  const wrapped = await wrapSecrets(passphrase, { sign: encodeBase64(keys.signSecret), box: encodeBase64(keys.boxSecret) }, kdf);
  return { kind: 'gfa-user-keys', v: 1, card: keys.card, wrapped };
}

const IMPORT_HINT = 'export the keys again from the device that has them';

/**
 * Opens an export file with the user's passphrase. Throws `E_PASSPHRASE` for a wrong passphrase (or a
 * modified file) and `E_INPUT` for a file that is not a gfa user key file or whose keys do not match
 * its card; `options` as for the owner's keys file (`allowWeak`: tests only).
 */
export async function importUserKeys(file: unknown, passphrase: string, options: UnwrapOptions = {}): Promise<UserKeys> {
  if (!isObject(file) || file.kind !== 'gfa-user-keys' || file.v !== 1) throw new GfaError('E_INPUT', `this is not a gfa user key file (version 1); ${IMPORT_HINT}`);
  const card = parseJoinCard(file.card, 'the key file\'s card');
  let secrets: Record<string, string>;
  try {
    secrets = await unwrapSecrets(validateKeysFile(file.wrapped, options), passphrase, options);
  } catch (err) {
    if (isGfaError(err, 'E_PASSPHRASE')) throw new GfaError('E_PASSPHRASE', 'wrong passphrase for this key file (or the file was modified); check the passphrase and try again');
    throw new GfaError('E_INPUT', `the key file's wrapped keys are invalid; ${IMPORT_HINT}`);
  }
  const sodium = await getSodium();
  const signSecret = base64Of(secrets.sign, 64, 'the key file\'s sign secret');
  const boxSecret = base64Of(secrets.box, 32, 'the key file\'s box secret');
  const same = (a: Uint8Array, b: string) => sodium.memcmp(a, decodeBase64(b)!);
  if (!same(sodium.crypto_sign_ed25519_sk_to_pk(signSecret), card.sign) || !same(sodium.crypto_scalarmult_base(boxSecret), card.box)) {
    throw new GfaError('E_INPUT', `the key file's keys do not match its card; ${IMPORT_HINT}`);
  }
  return keyPair(card, signSecret, boxSecret);
}

/** A detached Ed25519 signature (standard base64) of `message` under a domain tag. */
export async function signText(keys: UserKeys, domain: string, message: string): Promise<string> {
  const sodium = await getSodium();
  return encodeBase64(sodium.crypto_sign_detached(new TextEncoder().encode(`${domain}\n${message}`), keys.signSecret));
}

/** True when `signature` (standard base64 of 64 bytes) signs `message` under `domain` for the sign key `signPublic` (base64). */
export async function verifyText(signPublic: string, domain: string, message: string, signature: string): Promise<boolean> {
  const sodium = await getSodium();
  const key = base64Of(signPublic, SIGN_PUBLIC_BYTES, 'the bound sign key');
  const sig = base64Of(signature, SIGNATURE_BYTES, 'the signature');
  try {
    return sodium.crypto_sign_verify_detached(sig, new TextEncoder().encode(`${domain}\n${message}`), key);
  } catch {
    return false;
  }
}

/** The lowercase hex of a base64 key (for the sign-key index). */
export function keyHex(base64: string): string {
  return [...(decodeBase64(base64) ?? [])].map((b) => b.toString(16).padStart(2, '0')).join('');
}
