/** An in-memory stand-in for `ctx.kv` (string values), for testing the reader's job logic without git. */
import type { Kv } from '../../../apps/rss-reader/lib/store.ts';

/** A Map-backed Kv; `data` is exposed for assertions. */
export function memoryKv(): Kv & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    get: async (key) => data.get(key),
    list: async (prefix) => [...data.keys()].filter((k) => k.startsWith(prefix)).sort(),
    set: (key, value) => void data.set(key, value),
    delete: (key) => void data.delete(key),
  };
}
