/** Key rotation: re-seal every value under the first configured key, in one commit. */
import type { Store } from './store.ts';

/**
 * Reads every key (opened with any configured key) and writes it back (sealed with the first key),
 * all in one transaction, so the store is never half-rotated. Returns the number of keys rewritten.
 * Use on a store opened with `GFA_SECRET_KEY=NEW,OLD`; afterwards `NEW` alone reads everything.
 */
export async function rekey(store: Store): Promise<number> {
  return store.transaction(
    async (tx) => {
      const keys = await tx.list('');
      for (const key of keys) {
        const value = await tx.getBytes(key);
        if (value !== undefined) tx.set(key, value);
      }
      return keys.length;
    },
    { message: 'gfa: rekey' },
  );
}
