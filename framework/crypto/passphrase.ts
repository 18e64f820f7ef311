/**
 * Secrets wrapped under the owner's passphrase (`.gfa/keys.json`), for the browser to unwrap in memory.
 * Argon2id (`crypto_pwhash`, ALG_ARGON2ID13) derives a key; XChaCha20-Poly1305 seals the secrets as JSON,
 * with the format version and every KDF parameter as associated data. Browser-safe (no Node built-ins).
 */
import { KEYS_FILE_PATH } from '../contract.ts';
import { GfaError } from '../errors.ts';
import { decodeBase64, encodeBase64 } from './keys.ts';
import { getSodium } from './sodium.ts';

/** The JSON stored in `.gfa/keys.json`. Binary fields are standard base64. */
export interface KeysFile {
  version: 1;
  kdf: { alg: 'argon2id13'; salt: string; opslimit: number; memlimit: number };
  nonce: string;
  ciphertext: string;
}

/** Argon2id limits. */
export interface KdfOptions {
  /** Passes over memory. @default crypto_pwhash_OPSLIMIT_MODERATE (3) */
  opslimit?: number;
  /** Bytes of memory. @default crypto_pwhash_MEMLIMIT_MODERATE (256 MiB) */
  memlimit?: number;
  /** Allow limits above MODERATE, up to {@link KDF_MAX_OPT_IN}. @default false */
  allowCostlyKdf?: boolean;
}

/** Options of {@link unwrapSecrets} and {@link validateKeysFile}. */
export interface UnwrapOptions {
  /** Accept limits below MODERATE (tests only). @default false */
  allowWeak?: boolean;
  /** Accept limits above MODERATE, up to {@link KDF_MAX_OPT_IN} (never 1 GiB). @default false */
  allowCostlyKdf?: boolean;
}

/** The MODERATE limits: the floor accepted on unwrap unless `allowWeak` is set. */
export const KDF_MODERATE = { opslimit: 3, memlimit: 256 * 1024 * 1024 } as const;
/**
 * Ceilings, checked before any work, so a hostile keys file cannot make the browser spend minutes or
 * gigabytes: MODERATE's memory is the most a keys file may ask for, unless the owner opts in
 * (`allowCostlyKdf`) to at most twice that; 1 GiB (libsodium's SENSITIVE) is never accepted.
 */
export const KDF_MAX = { opslimit: 4, memlimit: 256 * 1024 * 1024 } as const;
/** The ceilings with `allowCostlyKdf`. */
export const KDF_MAX_OPT_IN = { opslimit: 8, memlimit: 512 * 1024 * 1024 } as const;
const KDF_MIN = { opslimit: 1, memlimit: 8192 } as const;
const SALT_BYTES = 16;
const NONCE_BYTES = 24;
const TAG_BYTES = 16;
const FILE = KEYS_FILE_PATH;

/**
 * Wraps `secrets` (name → string) under `passphrase`. Limits below MODERATE are allowed here because
 * the caller chose them explicitly (tests, local dev); `unwrapSecrets` refuses them without `allowWeak`.
 */
export async function wrapSecrets(passphrase: string, secrets: Record<string, string>, options: KdfOptions = {}): Promise<KeysFile> {
  const sodium = await getSodium();
  checkSecrets(secrets);
  const salt = sodium.randombytes_buf(SALT_BYTES);
  const kdf = {
    alg: 'argon2id13' as const,
    salt: encodeBase64(salt),
    opslimit: options.opslimit ?? sodium.crypto_pwhash_OPSLIMIT_MODERATE,
    memlimit: options.memlimit ?? sodium.crypto_pwhash_MEMLIMIT_MODERATE,
  };
  checkLimits(kdf.opslimit, kdf.memlimit, options.allowCostlyKdf === true);
  const key = await deriveKey(passphrase, salt, kdf.opslimit, kdf.memlimit);
  const nonce = sodium.randombytes_buf(NONCE_BYTES);
  const plaintext = new TextEncoder().encode(JSON.stringify(secrets));
  const ciphertext = sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(plaintext, associatedData(kdf), null, nonce, key);
  sodium.memzero(key);
  return { version: 1, kdf, nonce: encodeBase64(nonce), ciphertext: encodeBase64(ciphertext) };
}

/**
 * Unwraps a keys file. Throws `E_PASSPHRASE` for a wrong passphrase (or a modified file), and
 * `E_CONFIG` for limits below MODERATE unless `allowWeak` (tests only).
 */
export async function unwrapSecrets(file: KeysFile, passphrase: string, options: UnwrapOptions = {}): Promise<Record<string, string>> {
  const valid = validateKeysFile(file, options); // before any work: no Argon2id on limits past the ceiling
  const sodium = await getSodium();
  const { opslimit, memlimit } = valid.kdf;
  if (!options.allowWeak && (opslimit < KDF_MODERATE.opslimit || memlimit < KDF_MODERATE.memlimit)) {
    throw new GfaError('E_CONFIG', `${FILE} uses Argon2id limits below MODERATE (opslimit ${opslimit}, memlimit ${memlimit}); re-create it with the default limits`);
  }
  const key = await deriveKey(passphrase, decodeBase64(valid.kdf.salt)!, opslimit, memlimit);
  let plaintext: Uint8Array;
  try {
    plaintext = sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(null, decodeBase64(valid.ciphertext)!, associatedData(valid.kdf), decodeBase64(valid.nonce)!, key);
  } catch (cause) {
    throw new GfaError('E_PASSPHRASE', `wrong passphrase (or ${FILE} was modified); check the passphrase and try again`, { cause });
  } finally {
    sodium.memzero(key);
  }
  let secrets: unknown;
  try {
    secrets = JSON.parse(new TextDecoder().decode(plaintext));
  } catch {
    secrets = undefined;
  }
  if (!isStringRecord(secrets)) throw new GfaError('E_CONFIG', `${FILE} holds no object of named secrets; re-create it`);
  return secrets;
}

/**
 * Checks the shape of a parsed `.gfa/keys.json`, and its KDF limits against the ceiling, and returns
 * it typed; `E_CONFIG` says which field is wrong.
 */
export function validateKeysFile(json: unknown, options: Pick<UnwrapOptions, 'allowCostlyKdf'> = {}): KeysFile {
  const bad = (what: string): never => {
    throw new GfaError('E_CONFIG', `${FILE} is invalid: ${what}; re-create it (or restore it from git)`);
  };
  if (!isObject(json)) return bad('expected a JSON object');
  if (json.version !== 1) return bad(`unsupported version ${JSON.stringify(json.version) ?? 'undefined'} (this gfa reads version 1)`);
  const kdf = json.kdf;
  if (!isObject(kdf)) return bad('missing "kdf" object');
  if (kdf.alg !== 'argon2id13') return bad('kdf.alg must be "argon2id13"');
  const base64Field = (value: unknown, name: string, length?: number, min = 0): string => {
    const bytes = typeof value === 'string' ? decodeBase64(value) : undefined;
    if (!bytes || (length !== undefined && bytes.length !== length) || bytes.length < min) {
      return bad(`${name} must be standard base64${length !== undefined ? ` of ${length} bytes` : ''}`);
    }
    return value as string;
  };
  const salt = base64Field(kdf.salt, 'kdf.salt', SALT_BYTES);
  const nonce = base64Field(json.nonce, 'nonce', NONCE_BYTES);
  const ciphertext = base64Field(json.ciphertext, 'ciphertext', undefined, TAG_BYTES);
  const { opslimit, memlimit } = kdf;
  if (typeof opslimit !== 'number' || typeof memlimit !== 'number') return bad('kdf.opslimit and kdf.memlimit must be numbers');
  try {
    checkLimits(opslimit, memlimit, options.allowCostlyKdf === true);
  } catch (err) {
    return bad((err as Error).message);
  }
  return { version: 1, kdf: { alg: 'argon2id13', salt, opslimit, memlimit }, nonce, ciphertext };
}

async function deriveKey(passphrase: string, salt: Uint8Array, opslimit: number, memlimit: number): Promise<Uint8Array> {
  const sodium = await getSodium();
  const key = sodium.crypto_pwhash(32, passphrase.normalize('NFC'), salt, opslimit, memlimit, sodium.crypto_pwhash_ALG_ARGON2ID13);
  if (!(key instanceof Uint8Array) || key.length !== 32) throw new GfaError('E_INTERNAL', 'crypto_pwhash did not run; gfa needs libsodium-wrappers-sumo');
  return key;
}

/** Binds the format version and every KDF parameter, so none can be swapped without failing. */
function associatedData(kdf: KeysFile['kdf']): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(['gfa-keys', 1, kdf.alg, kdf.salt, kdf.opslimit, kdf.memlimit]));
}

function checkLimits(opslimit: number, memlimit: number, costly: boolean): void {
  const max = costly ? KDF_MAX_OPT_IN : KDF_MAX;
  const hint = costly ? '' : ' (the owner may opt in to more, never 1 GiB)';
  const ok = (n: number, lo: number, hi: number) => Number.isInteger(n) && n >= lo && n <= hi;
  if (!ok(opslimit, KDF_MIN.opslimit, max.opslimit)) throw new GfaError('E_CONFIG', `kdf.opslimit must be an integer from ${KDF_MIN.opslimit} to ${max.opslimit}${hint}`);
  if (!ok(memlimit, KDF_MIN.memlimit, max.memlimit)) throw new GfaError('E_CONFIG', `kdf.memlimit must be an integer from ${KDF_MIN.memlimit} to ${max.memlimit} bytes${hint}`);
}

function checkSecrets(secrets: Record<string, string>): void {
  if (!isStringRecord(secrets)) throw new GfaError('E_INPUT', 'secrets to wrap must be an object of name → string');
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isStringRecord(v: unknown): v is Record<string, string> {
  return isObject(v) && Object.values(v).every((x) => typeof x === 'string');
}
