/**
 * Lazy, shared loading of libsodium (the sumo build: the only one with `crypto_pwhash`).
 * Browser-safe: no Node built-ins. Every crypto module of gfa gets libsodium from here.
 */

/** The libsodium API (sumo build). */
export type Sodium = typeof import('libsodium-wrappers-sumo');

let loading: Promise<Sodium> | undefined;

/**
 * Loads libsodium once and waits until it is ready. Later calls return the same instance.
 * The ESM build exposes the full API on its default export; the named exports hold only helpers.
 */
export function getSodium(): Promise<Sodium> {
  loading ??= (async () => {
    const mod = (await import('libsodium-wrappers-sumo')) as Sodium & { default?: Sodium };
    await mod.ready;
    const sodium = mod.default ?? mod;
    await sodium.ready;
    return sodium;
  })();
  return loading;
}

const POOL_BYTES = 4096;
let pool = new Uint8Array(0);
let poolAt = 0;

/**
 * `n` random bytes from Web Crypto (browsers, Node >= 19). Small requests (nonces, salts) are cut
 * from a 4 KiB pool filled in one call: per call, `getRandomValues` and libsodium's
 * `randombytes_buf` cost more than sealing a small value. Every byte is handed out once.
 */
export function randomBytes(n: number): Uint8Array {
  if (n > 64) return globalThis.crypto.getRandomValues(new Uint8Array(n));
  if (poolAt + n > pool.length) {
    pool = globalThis.crypto.getRandomValues(new Uint8Array(POOL_BYTES));
    poolAt = 0;
  }
  const out = pool.slice(poolAt, poolAt + n);
  pool.fill(0, poolAt, poolAt + n);
  poolAt += n;
  return out;
}
