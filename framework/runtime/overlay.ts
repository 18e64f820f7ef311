/**
 * A savepoint inside a store transaction: a handler's reads see its own writes, and its writes reach
 * the transaction only on `apply()`. A batch's members run one after another in one transaction; a
 * member that throws is dropped without touching what the others wrote. Built from the store's own
 * overlay (framework/store/overlay.ts) and key checks.
 */
import { overlayTx } from '../store/overlay.ts';
import { kvTx, type KvTx } from '../store/store.ts';

/** `kv` for one member, and `apply()` to keep its writes. */
export function savepoint(tx: KvTx): { kv: KvTx; apply(): void } {
  const writes = new Map<string, Uint8Array | null>();
  const kv = kvTx(overlayTx({ get: (key) => tx.getBytes(key), list: (prefix) => tx.list(prefix) }, writes));
  return {
    kv,
    apply() {
      for (const [k, v] of writes) {
        if (v === null) tx.delete(k);
        else tx.set(k, v);
      }
    },
  };
}
