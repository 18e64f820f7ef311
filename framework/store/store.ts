/** The string-friendly key/value API every other part of gfa uses, on top of any {@link Driver}. */
import { GfaError } from '../errors.ts';
import { checkKey, checkPrefix } from './key-rules.ts';
import type { Driver, DriverTx, TxOptions } from './types.ts';

/** One transaction: reads see one snapshot plus this transaction's writes; writes land as one commit. */
export interface KvTx {
  /** The value at `key` as UTF-8 text, or undefined. */
  get(key: string): Promise<string | undefined>;
  /** The value at `key` as bytes, or undefined. */
  getBytes(key: string): Promise<Uint8Array | undefined>;
  /** Keys starting with `prefix` ('' = all), sorted. */
  list(prefix?: string): Promise<string[]>;
  /** Buffers a write of text (stored as UTF-8) or bytes. */
  set(key: string, value: string | Uint8Array): void;
  /** Buffers a delete; deleting a missing key is not an error. */
  delete(key: string): void;
}

/** A key/value store. Each `set`/`delete` outside a transaction is a commit of its own. */
export interface Store {
  get(key: string): Promise<string | undefined>;
  getBytes(key: string): Promise<Uint8Array | undefined>;
  list(prefix?: string): Promise<string[]>;
  set(key: string, value: string | Uint8Array): Promise<void>;
  delete(key: string): Promise<void>;
  /** Runs `fn` and commits its writes atomically; `fn` may run again after a concurrent write, so keep it free of side effects. */
  transaction<T>(fn: (tx: KvTx) => Promise<T>, options?: TxOptions): Promise<T>;
  /** Releases the driver's resources. */
  close(): Promise<void>;
  /** The driver underneath. */
  readonly driver: Driver;
}

const decoder = new TextDecoder('utf-8');
const encoder = new TextEncoder();

/** Wraps a driver in the {@link Store} API (validation, text values). */
export function createStore(driver: Driver): Store {
  const transaction = <T>(fn: (tx: KvTx) => Promise<T>, options?: TxOptions): Promise<T> =>
    driver.transaction((tx) => fn(kvTx(tx)), options);
  return {
    driver,
    transaction,
    // Validate before the transaction so a bad key costs no fetch.
    get: async (key) => (checkKey(key), transaction((tx) => tx.get(key))),
    getBytes: async (key) => (checkKey(key), transaction((tx) => tx.getBytes(key))),
    list: async (prefix = '') => (checkPrefix(prefix), transaction((tx) => tx.list(prefix))),
    set: async (key, value) => (checkKey(key), transaction(async (tx) => tx.set(key, value))),
    delete: async (key) => (checkKey(key), transaction(async (tx) => tx.delete(key))),
    close: async () => {
      await driver.close?.();
    },
  };
}

/** The text-valued, validating view of a driver transaction. */
export function kvTx(tx: DriverTx): KvTx {
  const getBytes = async (key: string): Promise<Uint8Array | undefined> => {
    checkKey(key);
    return tx.get(key);
  };
  return {
    async get(key) {
      const bytes = await getBytes(key);
      return bytes === undefined ? undefined : decoder.decode(bytes);
    },
    getBytes,
    async list(prefix = '') {
      checkPrefix(prefix);
      return tx.list(prefix);
    },
    set(key, value) {
      checkKey(key);
      if (typeof value !== 'string' && !(value instanceof Uint8Array)) {
        throw new GfaError('E_USAGE', `value of key "${key}" must be a string or a Uint8Array`);
      }
      tx.set(key, typeof value === 'string' ? encoder.encode(value) : value);
    },
    delete(key) {
      checkKey(key);
      tx.delete(key);
    },
  };
}
