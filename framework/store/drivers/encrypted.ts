/**
 * Encryption as a layer around any {@link Driver}: values are sealed on `set` (with the first key)
 * and opened on `get` (with whichever configured key sealed them). Key names pass through readable,
 * like SOPS. A value that does not open throws, so the transaction fails and writes nothing.
 * Every commit is signed (a MAC over its root tree and a counter) and every head read is checked
 * first (see `head-auth.ts`).
 */
import { createEnvelopeCodec, isSignedEra } from '../../crypto/envelope.ts';
import { GfaError } from '../../errors.ts';
import { createHeadMac } from '../../crypto/head-mac.ts';
import { headAuth, type CounterState, type HeadAuth } from '../../crypto/head-auth.ts';
import type { Driver, DriverTx } from '../types.ts';

/** Options of {@link encryptedDriver}. */
export interface EncryptedDriverOptions {
  /** 32-byte secret keys: the first seals, any opens (rotation). See `parseSecretKeys`. */
  keys: Uint8Array[];
  /** Where a reader keeps the highest head counter it saw, to refuse a rollback. @default none (each transaction checks the MAC only) */
  state?: CounterState;
}

/** Wraps `inner` so every value is stored as an envelope (see `crypto.ts`). Throws `E_KEY_INVALID` for bad keys. */
export async function encryptedDriver(inner: Driver, options: EncryptedDriverOptions): Promise<Driver> {
  // Sealing is synchronous once keys are derived, so `set` stays synchronous like the Driver contract.
  const [codec, mac] = await Promise.all([createEnvelopeCodec(options.keys), createHeadMac(options.keys)]);
  const auth = headAuth(mac, options.state);
  /** `unsignedHead()`: where the head this attempt read is, when it carries no gfa-mac (then a value sealed since heads are signed betrays a removed trailer). */
  const wrap = (tx: DriverTx, unsignedHead: () => string | undefined): DriverTx => ({
    async get(key) {
      const envelope = await tx.get(key);
      if (envelope === undefined) return undefined;
      const plaintext = codec.open(key, envelope);
      const where = unsignedHead();
      if (where !== undefined && isSignedEra(envelope)) {
        throw new GfaError('E_TAMPERED', `the head of ${where} carries no gfa-mac, but the value at ${JSON.stringify(key.slice(0, 200))} was sealed by a gfa that signs heads: the trailer was removed by hand; do not trust it, and put the branch back to the last commit gfa wrote (git log shows them)`);
      }
      return plaintext;
    },
    list: (prefix) => tx.list(prefix),
    set(key, value) {
      tx.set(key, codec.seal(key, value));
    },
    delete: (key) => tx.delete(key),
  });
  const driver: Driver = {
    name: `${inner.name}+encrypted`,
    transaction(fn, txOptions) {
      let unsigned: string | undefined;
      const txAuth: HeadAuth = {
        ...auth,
        async verify(head, where) {
          const counter = await auth.verify(head, where);
          unsigned = head !== undefined && counter === 0 ? where : undefined;
          return counter;
        },
      };
      return inner.transaction((tx) => fn(wrap(tx, () => unsigned)), { ...txOptions, auth: txAuth });
    },
  };
  if (inner.prepare) driver.prepare = () => inner.prepare!();
  if (inner.close) driver.close = () => inner.close!();
  return driver;
}
