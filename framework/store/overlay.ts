/** The transaction view every driver shares: reads from a snapshot, overlaid with the transaction's buffered writes. */
import { checkKey, checkPrefix } from './key-rules.ts';
import type { DriverTx } from './types.ts';

/** What a driver's snapshot must answer. */
export interface Snapshot {
  get(key: string): Promise<Uint8Array | undefined>;
  /** Keys under `prefix`, in any order. */
  list(prefix: string): Promise<string[]>;
}

/** A {@link DriverTx} over `snapshot`; `set`/`delete` go to `writes` (a delete is `null`). */
export function overlayTx(snapshot: Snapshot, writes: Map<string, Uint8Array | null>): DriverTx {
  return {
    async get(key) {
      checkKey(key);
      const w = writes.get(key);
      if (w !== undefined) return w === null ? undefined : w.slice();
      return snapshot.get(key);
    },
    async list(prefix) {
      checkPrefix(prefix);
      const keys = new Set(await snapshot.list(prefix));
      for (const [k, v] of writes) {
        if (!k.startsWith(prefix)) continue;
        if (v === null) keys.delete(k);
        else keys.add(k);
      }
      return [...keys].sort();
    },
    set(key, value) {
      checkKey(key);
      writes.set(key, value.slice());
    },
    delete(key) {
      checkKey(key);
      writes.set(key, null);
    },
  };
}
