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
