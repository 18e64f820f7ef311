/**
 * Envelopes: how one stored value is sealed. Browser-safe (no Node built-ins).
 *
 * Layout (81 bytes of overhead):
 * `version (1) | key id (8) | key commitment (32) | nonce (24) | XChaCha20-Poly1305-IETF ciphertext + tag (16)`.
 * - The version byte 0xA1 is never the first byte of UTF-8 text, so a plaintext value is never
 *   taken for an envelope.
 * - Associated data = version ‖ key id ‖ key path, so a ciphertext copied to another path fails.
 * - Two subkeys come from the secret key (`crypto_kdf`): one encrypts, one computes the commitment
 *   BLAKE2b-256(subkey, version ‖ key id ‖ nonce), checked before decrypting, so one envelope
 *   cannot open under two keys (Poly1305 alone is not key-committing).
 */
import { GfaError } from '../errors.ts';
import { KEY_ID_BYTES, SECRET_KEY_BYTES, keyId } from './keys.ts';
import { getSodium, randomBytes, type Sodium } from './sodium.ts';

/** The format version byte of the first envelope format (sealed before heads were signed). */
export const ENVELOPE_VERSION = 0xa1;
/**
 * The version byte of envelopes sealed since heads are signed: the same layout; the byte is
 * authenticated (associated data and commitment), so a reader that meets one under a head without
 * a `gfa-mac` knows the trailer was stripped (see `store/head-auth.ts`).
 */
export const ENVELOPE_SIGNED_ERA = 0xa2;
const VERSIONS = new Set([ENVELOPE_VERSION, ENVELOPE_SIGNED_ERA]);
const COMMIT_BYTES = 32;
const NONCE_BYTES = 24;
const TAG_BYTES = 16;
const HEADER_BYTES = 1 + KEY_ID_BYTES + COMMIT_BYTES + NONCE_BYTES;
/** Bytes an envelope adds to its plaintext. */
export const ENVELOPE_OVERHEAD = HEADER_BYTES + TAG_BYTES;
const KDF_CONTEXT = 'gfaseal1';
const utf8 = new TextEncoder();

/** Seals and opens values with a fixed key list, synchronously (libsodium is already loaded). */
export interface EnvelopeCodec {
  /** Seals `plaintext` for `path` with the first key. */
  seal(path: string, plaintext: Uint8Array): Uint8Array;
  /** Opens an envelope stored at `path` with whichever key sealed it; throws a GfaError otherwise. */
  open(path: string, envelope: Uint8Array): Uint8Array;
}

/** Options of {@link createEnvelopeCodec}. */
export interface CodecOptions {
  /** The version byte new envelopes get (tests make older ones). @default ENVELOPE_SIGNED_ERA */
  version?: typeof ENVELOPE_VERSION | typeof ENVELOPE_SIGNED_ERA;
}

interface KeyEntry {
  id: Uint8Array;
  enc: Uint8Array;
  commit: Uint8Array;
}

/**
 * Derives per-key material once and returns a codec. `keys[0]` seals; any key opens.
 * Throws `E_KEY_INVALID` when `keys` is empty or a key is not 32 bytes.
 */
export async function createEnvelopeCodec(keys: Uint8Array[], options: CodecOptions = {}): Promise<EnvelopeCodec> {
  const version = options.version ?? ENVELOPE_SIGNED_ERA;
  const sodium = await getSodium();
  if (keys.length === 0) throw new GfaError('E_KEY_INVALID', 'no secret key given; set GFA_SECRET_KEY (create one with gfa keygen)');
  const entries: KeyEntry[] = [];
  for (const [i, key] of keys.entries()) {
    if (!(key instanceof Uint8Array) || key.length !== SECRET_KEY_BYTES) {
      throw new GfaError('E_KEY_INVALID', `secret key ${i + 1} is not 32 bytes; create one with gfa keygen`);
    }
    entries.push({
      id: await keyId(key),
      enc: sodium.crypto_kdf_derive_from_key(32, 1, KDF_CONTEXT, key),
      commit: sodium.crypto_kdf_derive_from_key(32, 2, KDF_CONTEXT, key),
    });
  }
  return {
    seal: (path, plaintext) => seal(sodium, entries[0]!, path, plaintext, version),
    open: (path, envelope) => open(sodium, entries, path, envelope),
  };
}

/** Seals `plaintext` stored at `path` under `key`. */
export async function sealValue(key: Uint8Array, path: string, plaintext: Uint8Array): Promise<Uint8Array> {
  return (await createEnvelopeCodec([key])).seal(path, plaintext);
}

/** Opens an envelope stored at `path` with whichever of `keys` sealed it. */
export async function openValue(keys: Uint8Array[], path: string, envelope: Uint8Array): Promise<Uint8Array> {
  return (await createEnvelopeCodec(keys)).open(path, envelope);
}

/** True when `bytes` looks like an envelope of a known format (version byte and minimum length). */
export function isEnvelope(bytes: Uint8Array): boolean {
  return bytes.length >= ENVELOPE_OVERHEAD && VERSIONS.has(bytes[0]!);
}

/** True for an envelope sealed since heads are signed (meaningful once it opened: the byte is authenticated). */
export function isSignedEra(envelope: Uint8Array): boolean {
  return envelope[0] === ENVELOPE_SIGNED_ERA;
}

function seal(sodium: Sodium, k: KeyEntry, path: string, plaintext: Uint8Array, version: number): Uint8Array {
  const nonce = randomBytes(NONCE_BYTES);
  const commit = commitment(sodium, k, nonce, version);
  const ct = sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(plaintext, associatedData(k.id, path, version), null, nonce, k.enc);
  const out = new Uint8Array(HEADER_BYTES + ct.length);
  out[0] = version;
  out.set(k.id, 1);
  out.set(commit, 1 + KEY_ID_BYTES);
  out.set(nonce, 1 + KEY_ID_BYTES + COMMIT_BYTES);
  out.set(ct, HEADER_BYTES);
  return out;
}

function open(sodium: Sodium, entries: KeyEntry[], path: string, envelope: Uint8Array): Uint8Array {
  const where = `value at ${printable(path)}`;
  if (!(envelope instanceof Uint8Array) || !VERSIONS.has(envelope[0]!)) {
    const v = envelope instanceof Uint8Array ? envelope[0] : undefined;
    const hint = v !== undefined && v > ENVELOPE_SIGNED_ERA && v <= 0xaf ? `uses envelope format ${v - 0xa0}, which this gfa does not know; upgrade gfa` : 'is not encrypted (garbage, or written without GFA_SECRET_KEY); restore it from history or delete it';
    throw new GfaError('E_ENVELOPE', `${where} ${hint}`);
  }
  if (envelope.length < ENVELOPE_OVERHEAD) {
    throw new GfaError('E_ENVELOPE', `${where} is truncated (${envelope.length} bytes, an envelope has at least ${ENVELOPE_OVERHEAD}); restore it from history or delete it`);
  }
  const id = envelope.subarray(1, 1 + KEY_ID_BYTES);
  const commit = envelope.subarray(1 + KEY_ID_BYTES, 1 + KEY_ID_BYTES + COMMIT_BYTES);
  const nonce = envelope.subarray(1 + KEY_ID_BYTES + COMMIT_BYTES, HEADER_BYTES);
  // Key ids are 8 bytes, so two keys may share one: try each, the commitment tells them apart.
  for (const k of entries) {
    if (!sodium.memcmp(k.id, id) || !sodium.memcmp(commitment(sodium, k, nonce, envelope[0]!), commit)) continue;
    try {
      return sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(null, envelope.subarray(HEADER_BYTES), associatedData(k.id, path, envelope[0]!), nonce, k.enc);
    } catch (cause) {
      throw new GfaError('E_DECRYPT', `${where} failed authentication: it was modified, truncated, or copied from another key; restore it from history or delete it`, { cause });
    }
  }
  throw new GfaError('E_KEY_MISMATCH', `${where} was sealed with a key that is not in GFA_SECRET_KEY; add that key after the current one (comma-separated), or restore the value`);
}

function commitment(sodium: Sodium, k: KeyEntry, nonce: Uint8Array, version: number): Uint8Array {
  const msg = new Uint8Array(1 + KEY_ID_BYTES + NONCE_BYTES);
  msg[0] = version;
  msg.set(k.id, 1);
  msg.set(nonce, 1 + KEY_ID_BYTES);
  return sodium.crypto_generichash(COMMIT_BYTES, msg, k.commit);
}

function associatedData(id: Uint8Array, path: string, version: number): Uint8Array {
  const p = utf8.encode(path);
  const ad = new Uint8Array(1 + KEY_ID_BYTES + p.length);
  ad[0] = version;
  ad.set(id, 1);
  ad.set(p, 1 + KEY_ID_BYTES);
  return ad;
}

/** A key path made safe for a one-line message. */
function printable(path: string): string {
  return JSON.stringify(path.length > 200 ? `${path.slice(0, 200)}…` : path);
}
