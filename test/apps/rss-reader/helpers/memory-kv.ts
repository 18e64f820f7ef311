/** The reader's job logic on the framework's memory driver: each write is a commit, as `gfa kv set` would make it. */
import { createStore, memoryDriver, type Store } from '../../../../framework/store/index.ts';

/** A store on the memory driver; it is the reader's `Kv` (get, list, set, delete). */
export function memoryKv(): Store {
  return createStore(memoryDriver());
}

/** Everything the store holds, for assertions: key → value. */
export async function contents(store: Store): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const key of await store.list('')) out.set(key, (await store.get(key))!);
  return out;
}
