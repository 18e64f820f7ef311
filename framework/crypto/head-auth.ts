/**
 * Checking the head a reader is about to trust, for encrypted stores: its MAC (see
 * `crypto/head-mac.ts`) and, for a reader that remembers, that its counter did not go back.
 * Browser-safe: the browser client and the git driver share it.
 */
import { GfaError } from '../errors.ts';
import type { HeadMac } from './head-mac.ts';

/** A head as a reader sees it: the root tree id and the commit message. */
export interface HeadInfo {
  tree: string;
  message: string;
}

/** The highest counter a reader has seen, kept between its runs (a cache dir, the browser's storage). */
export interface CounterState {
  get(): Promise<number | undefined>;
  /** Records `counter` if it is higher than the one kept. */
  put(counter: number): Promise<void>;
}

/** What a driver with commits asks of the encrypted layer (see `TxOptions.auth`). */
export interface HeadAuth {
  /**
   * Checks the head a transaction will read (undefined = the branch does not exist) and returns its
   * counter (0 for no branch or a head written before heads were signed). Throws `E_TAMPERED`,
   * `E_ROLLBACK` or `E_KEY_MISMATCH`; nothing is read from a refused head.
   */
  verify(head: HeadInfo | undefined, where: string): Promise<number>;
  /** The trailer line that signs a new commit with root tree `tree` and `counter` (and its `gfa-layout` line, when it has one). */
  trailer(tree: string, counter: number, layout?: string): string;
  /** Records a counter this reader wrote. */
  wrote(counter: number): Promise<void>;
}

/** A {@link HeadAuth} over `mac`, remembering counters in `state` when given. */
export function headAuth(mac: HeadMac, state?: CounterState): HeadAuth {
  return {
    async verify(head, where) {
      const counter = head === undefined ? 0 : mac.verify(head.tree, head.message, where);
      const seen = (await state?.get()) ?? 0;
      if (counter < seen) {
        const now = head === undefined ? 'is gone' : counter === 0 ? 'carries no gfa-mac' : `is at counter ${counter}`;
        throw new GfaError('E_ROLLBACK', `the head of ${where} ${now}, but this reader has seen counter ${seen}: the branch was put back to an older state or replaced; do not trust it, and push the newest gfa commit back (or remove the cache directory / browser storage to accept it)`);
      }
      if (counter > seen) await state?.put(counter);
      return counter;
    },
    trailer: (tree, counter, layout) => mac.trailer(tree, counter, layout),
    wrote: async (counter) => state?.put(counter),
  };
}

/** A {@link CounterState} in memory (one process; also a fallback where no storage exists). */
export function memoryCounterState(): CounterState {
  let value: number | undefined;
  return {
    get: async () => value,
    put: async (counter) => {
      if (value === undefined || counter > value) value = counter;
    },
  };
}
