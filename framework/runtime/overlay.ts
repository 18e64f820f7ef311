/**
 * A savepoint inside a store transaction: a handler's reads see its own writes, and its writes reach
 * the transaction only on `apply()`. A batch's members run one after another in one transaction; a
 * member that throws is dropped without touching what the others wrote. (The runtime does not import
 * the store: it works on the transaction it is given, whose `set` checks keys when `apply()` runs.)
 */
import type { JobKv } from '../app/types.ts';

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8');

/** `kv` for one member, and `apply()` to keep its writes. */
export function savepoint(tx: JobKv): { kv: JobKv; apply(): void } {
  // null: deleted.
  const writes = new Map<string, string | Uint8Array | null>();
  const kv: JobKv = {
    async get(key) {
      if (!writes.has(key)) return tx.get(key);
      const v = writes.get(key);
      return v == null ? undefined : typeof v === 'string' ? v : decoder.decode(v);
    },
    async getBytes(key) {
      if (!writes.has(key)) return tx.getBytes(key);
      const v = writes.get(key);
      return v == null ? undefined : typeof v === 'string' ? encoder.encode(v) : v.slice();
    },
    async list(prefix = '') {
      const keys = new Set(await tx.list(prefix));
      for (const [k, v] of writes) {
        if (!k.startsWith(prefix)) continue;
        if (v === null) keys.delete(k);
        else keys.add(k);
      }
      return [...keys].sort();
    },
    set(key, value) {
      writes.delete(key); // keep the order of the last write
      writes.set(key, typeof value === 'string' ? value : value.slice());
    },
    delete(key) {
      writes.delete(key);
      writes.set(key, null);
    },
  };
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
