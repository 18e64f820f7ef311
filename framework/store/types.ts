/**
 * The store's extension point. A driver moves bytes; everything else (encryption, string values,
 * the `kv` API jobs see) is a layer around a driver. Every driver runs the shared suite in
 * `test/store/driver-suite.ts`.
 */

/** One attempt of a transaction: reads see one snapshot; writes are buffered until commit. */
export interface DriverTx {
  /** The value at `key` in this snapshot (or as written earlier in this transaction), or undefined. */
  get(key: string): Promise<Uint8Array | undefined>;
  /** Keys under `prefix` (a `/`-separated path prefix; '' = all), sorted, including this transaction's writes. */
  list(prefix: string): Promise<string[]>;
  /** Buffers a write. */
  set(key: string, value: Uint8Array): void;
  /** Buffers a delete (a missing key is not an error). */
  delete(key: string): void;
}

import type { HeadAuth } from '../crypto/head-auth.ts';

/** Options of one transaction. */
export interface TxOptions {
  /** Commit message. @default "gfa: update" */
  message?: string;
  /** At most this many re-runs after a conflicting concurrent write. @default unlimited (the deadline ends retries) */
  retries?: number;
  /**
   * Milliseconds a transaction may keep retrying after conflicting writes before it fails with
   * `E_PUSH_CONFLICT`. @default `GFA_TX_DEADLINE_MS`, else 60000
   */
  deadline?: number;
  /** Signs new heads and checks the head read (set by the encrypted layer; drivers without commits ignore it). */
  auth?: HeadAuth;
}

/** A storage backend. */
export interface Driver {
  /** A short name for messages, e.g. `git` or `memory`. */
  readonly name: string;
  /**
   * Runs `fn` on the latest state and commits all its writes atomically (one commit for git).
   * If another writer committed first, `fn` runs again on the new state (optimistic concurrency).
   * If `fn` throws, nothing is written and the error propagates. A transaction with no writes commits nothing.
   */
  transaction<T>(fn: (tx: DriverTx) => Promise<T>, options?: TxOptions): Promise<T>;
  /**
   * Starts connecting to the backend now, so the first transaction waits less (optional). Never
   * throws: a connection problem surfaces in the transaction.
   */
  prepare?(): void;
  /** Releases resources (temporary directories, open handles). */
  close?(): Promise<void>;
}

/** Key rules shared by every driver (and by the client, which reads the same keys): see contract.ts. */
export { KEY_PATTERN } from '../contract.ts';
