/** An in-process driver with the same semantics as the data branch: snapshot reads, one atomic commit, optimistic retry. */
import { GfaError } from '../../errors.ts';
import { checkKey } from '../key-rules.ts';
import { overlayTx } from '../overlay.ts';
import { retryBudget } from '../retry.ts';
import type { Driver } from '../types.ts';

/** The memory driver; `commits` counts landed transactions (for tests and dry runs). */
export interface MemoryDriver extends Driver {
  /** Number of commits so far. */
  readonly commits: number;
}

interface State {
  version: number;
  data: ReadonlyMap<string, Uint8Array>;
}

/** A {@link Driver} keeping everything in memory. `initial` seeds it (not counted as a commit). */
export function memoryDriver(initial: Record<string, string | Uint8Array> = {}): MemoryDriver {
  const seed = new Map<string, Uint8Array>();
  for (const [k, v] of Object.entries(initial)) {
    checkKey(k);
    seed.set(k, typeof v === 'string' ? new TextEncoder().encode(v) : v.slice());
  }
  let state: State = { version: 0, data: seed };
  return {
    name: 'memory',
    get commits() {
      return state.version;
    },
    async transaction(fn, options) {
      const budget = retryBudget(options);
      // A function that read nothing (blind writes) runs once; its writes are applied to any newer state.
      let blind: { value: Awaited<ReturnType<typeof fn>>; writes: Map<string, Uint8Array | null> } | undefined;
      for (let i = 1; ; i++) {
        const snapshot = state;
        const data = snapshot.data;
        let read = false;
        const writes = blind?.writes ?? new Map<string, Uint8Array | null>();
        const view = {
          get: async (key: string) => ((read = true), data.get(key)?.slice()),
          list: async (prefix: string) => ((read = true), [...data.keys()].filter((k) => k.startsWith(prefix))),
        };
        const value = blind ? blind.value : await fn(overlayTx(view, writes));
        if (writes.size === 0) return value;
        if (state === snapshot) {
          const next = new Map(snapshot.data);
          for (const [k, v] of writes) {
            if (v === null) next.delete(k);
            else next.set(k, v);
          }
          checkFolders(next);
          state = { version: snapshot.version + 1, data: next };
          return value;
        }
        if (!read) blind ??= { value, writes };
        await budget.wait(i, 'the memory store');
      }
    },
  };
}

/** Like a git tree, a key cannot also be a folder of other keys. */
function checkFolders(data: Map<string, Uint8Array>): void {
  const keys = [...data.keys()].sort();
  for (let i = 0; i + 1 < keys.length; i++) {
    const k = keys[i]!;
    for (let j = i + 1; j < keys.length && keys[j]!.startsWith(k); j++) {
      if (keys[j]!.startsWith(`${k}/`)) {
        throw new GfaError('E_USAGE', `key "${k}" cannot also be a folder of other keys (like "${keys[j]}"); delete one first`);
      }
    }
  }
}
