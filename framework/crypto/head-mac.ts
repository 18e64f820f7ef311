/**
 * The MAC of a data-branch head, so a reader can tell a head a key holder wrote from one put there
 * by anyone else with push access (a value swapped for an older valid ciphertext, a key added or
 * removed by hand, a whole branch put back). Browser-safe (no Node built-ins).
 *
 * Every commit of an encrypted store ends its message with the trailer
 * `gfa-mac: v1 <counter> <base64 MAC>`: BLAKE2b-256, keyed with a subkey of the data key, over the
 * commit's root tree id and the counter. Writers make the counter one more than the head's, so a
 * reader that remembers the highest counter it saw also detects a rollback of the whole branch.
 * A head that declares a store layout (a `gfa-layout` line just before, see contract.ts) is signed
 * `v2`, whose MAC also covers that line, so the layout cannot be changed or removed by hand either.
 */
import { layoutLine } from '../contract.ts';
import { GfaError } from '../errors.ts';
import { keyId, SECRET_KEY_BYTES } from './keys.ts';
import { getSodium, type Sodium } from './sodium.ts';

/** The trailer's name. */
export const MAC_TRAILER = 'gfa-mac';
const KDF_CONTEXT = 'gfahead1';
const TRAILER = /(?:^|\n)gfa-mac: (\S+) (\d{1,15}) ([0-9a-f]{16}) ([A-Za-z0-9+/]{43}=)\s*$/;
const utf8 = new TextEncoder();

/** A parsed trailer, or undefined when the message has none. A malformed one is `'malformed'`. */
export function parseMacTrailer(message: string): { version: 'v1' | 'v2'; counter: number; keyId: string; mac: string } | 'malformed' | undefined {
  if (!message.includes(`${MAC_TRAILER}:`)) return undefined;
  const m = TRAILER.exec(message);
  if (!m || (m[1] !== 'v1' && m[1] !== 'v2')) return 'malformed';
  return { version: m[1], counter: Number(m[2]), keyId: m[3]!, mac: m[4]! };
}

/** Signs and checks heads with a fixed key list: the first key signs, any key verifies (rotation). */
export interface HeadMac {
  /** The trailer line for a commit whose root tree is `tree` with `counter` (and the `gfa-layout` line `layout`, when it declares one). */
  trailer(tree: string, counter: number, layout?: string): string;
  /**
   * The counter of a head (its root tree id and commit message), 0 for a head written before heads
   * were signed. Throws `E_TAMPERED` when the MAC does not verify under any key.
   */
  verify(tree: string, message: string, where: string): number;
}

/** Derives the MAC keys once. Throws `E_KEY_INVALID` for a key that is not 32 bytes. */
export async function createHeadMac(keys: Uint8Array[]): Promise<HeadMac> {
  const sodium = await getSodium();
  if (keys.length === 0) throw new GfaError('E_KEY_INVALID', 'no secret key given; set GFA_SECRET_KEY (create one with gfa keygen)');
  const macKeys = await Promise.all(
    keys.map(async (key, i) => {
      if (!(key instanceof Uint8Array) || key.length !== SECRET_KEY_BYTES) throw new GfaError('E_KEY_INVALID', `secret key ${i + 1} is not 32 bytes; create one with gfa keygen`);
      return { id: sodium.to_hex(await keyId(key)), key: sodium.crypto_kdf_derive_from_key(32, 1, KDF_CONTEXT, key) };
    }),
  );
  const signer = macKeys[0]!;
  return {
    trailer: (tree, counter, layout) => `${MAC_TRAILER}: ${layout === undefined ? 'v1' : 'v2'} ${counter} ${signer.id} ${sodium.to_base64(mac(sodium, signer.key, tree, counter, layout), sodium.base64_variants.ORIGINAL)}`,
    verify(tree, message, where) {
      const t = parseMacTrailer(message);
      if (t === undefined) return 0;
      const refuse = (why: string) =>
        new GfaError('E_TAMPERED', `the head of ${where} ${why}: someone with push access changed the data branch without the data key; do not trust it, and put the branch back to the last commit gfa wrote (git log shows them)`);
      if (t === 'malformed') throw refuse('has a malformed gfa-mac trailer');
      const layout = layoutLine(message);
      // v1 signs no layout: a layout line next to it was added by hand.
      if (t.version === 'v1' && layout !== undefined) throw refuse('declares a store layout its gfa-mac does not cover');
      const candidates = macKeys.filter((k) => k.id === t.keyId);
      if (candidates.length === 0) throw new GfaError('E_KEY_MISMATCH', `the head of ${where} was signed with a key that is not in GFA_SECRET_KEY; add that key after the current one (comma-separated)`);
      let given: Uint8Array;
      try {
        given = sodium.from_base64(t.mac, sodium.base64_variants.ORIGINAL);
      } catch {
        throw refuse('has a malformed gfa-mac trailer');
      }
      if (!candidates.some((k) => given.length === 32 && sodium.memcmp(mac(sodium, k.key, tree, t.counter, t.version === 'v2' ? (layout ?? '') : undefined), given))) throw refuse('does not match its gfa-mac (values swapped, added or removed by hand)');
      return t.counter;
    },
  };
}

function mac(sodium: Sodium, key: Uint8Array, tree: string, counter: number, layout: string | undefined): Uint8Array {
  const body = layout === undefined ? `gfa-mac v1\n${tree}\n${counter}\n` : `gfa-mac v2\n${tree}\n${counter}\n${layout}\n`;
  return sodium.crypto_generichash(32, utf8.encode(body), key);
}
