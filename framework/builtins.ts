/**
 * Node's `crypto` and `zlib`, loaded on first use instead of at start. Importing `node:crypto` as
 * an ES module costs ~6 ms before a job's first line runs; loaded on demand (or by
 * {@link preloadBuiltins} while the job waits for the network), that time overlaps the wait.
 */
import { createRequire } from 'node:module';

const load = createRequire(import.meta.url);
let crypto: typeof import('node:crypto') | undefined;
let zlib: typeof import('node:zlib') | undefined;

/** `node:crypto`. */
export function nodeCrypto(): typeof import('node:crypto') {
  return (crypto ??= load('node:crypto') as typeof import('node:crypto'));
}

/** `node:zlib`. */
export function nodeZlib(): typeof import('node:zlib') {
  return (zlib ??= load('node:zlib') as typeof import('node:zlib'));
}

/** Loads both once the current work yields (call it right after starting I/O). */
export function preloadBuiltins(): void {
  if (crypto && zlib) return;
  setImmediate(() => {
    nodeCrypto();
    nodeZlib();
  }).unref();
}
