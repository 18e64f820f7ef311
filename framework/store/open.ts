/** Opening a store from options or from the environment (GFA_REMOTE, GFA_BRANCH, GFA_HISTORY, GFA_SECRET_KEY, GFA_CACHE_DIR). */
import { join } from 'node:path';
import { ENV } from '../contract.ts';
import { GfaError } from '../errors.ts';
import { gitDriver } from './drivers/git.ts';
import type { FanoutLimits } from './git/tree.ts';
import { createStore, type Store } from './store.ts';
import type { Driver } from './types.ts';

/** Where the data lives and how it is sealed. */
export interface OpenStoreOptions {
  /** Remote URL: a path, `file://`, or `http(s)://` (credentials allowed, never printed). */
  remote: string;
  /** @default "data" */
  branch?: string;
  /** @default "squash" */
  history?: 'squash' | 'keep';
  /** Base64 key(s), comma-separated (first encrypts), or raw 32-byte keys. None = plaintext store. */
  secretKeys?: string | Uint8Array[];
  /** Local git cache, shareable between processes; an encrypted store also keeps there the highest head counter it saw (rollback check). @default a private cache, gone on close */
  cacheDir?: string;
  /** See `GitDriverOptions.headDepth`. @default 1 */
  headDepth?: 1 | 2;
  /** Author and committer of data commits. @default GFA_COMMITTER_NAME/EMAIL, else the CI's identity, else gfa <gfa@localhost> */
  committer?: { name: string; email: string };
  /** See `GitDriverOptions.fanout`. @default FANOUT (tree.ts) */
  fanout?: FanoutLimits;
  /** Start connecting to the remote at once (a job that will use the store right away). @default false */
  prepare?: boolean;
}

/** Opens the store on the data branch, encrypted when keys are given. */
export async function openStore(options: OpenStoreOptions): Promise<Store> {
  if (!options.remote) throw new GfaError('E_CONFIG', 'no data remote: pass --remote URL or set GFA_REMOTE');
  const history = options.history ?? 'squash';
  if (history !== 'squash' && history !== 'keep') throw new GfaError('E_USAGE', `invalid history mode "${String(history)}": use squash or keep`);
  let driver: Driver = gitDriver({
    remote: options.remote,
    branch: options.branch || 'data',
    history,
    ...(options.cacheDir ? { cacheDir: options.cacheDir } : {}),
    ...(options.headDepth ? { headDepth: options.headDepth } : {}),
    ...(options.committer ? { committer: options.committer } : {}),
    ...(options.fanout ? { fanout: options.fanout } : {}),
  });
  // Before the keys: deriving them (libsodium's start-up) then overlaps the connection.
  if (options.prepare) driver.prepare?.();
  const keys = options.secretKeys;
  if (keys !== undefined && (typeof keys !== 'string' || keys.trim() !== '')) {
    try {
      driver = await encrypt(driver, keys, options.cacheDir ? join(options.cacheDir, 'gfa', `seen-${encodeURIComponent(options.branch || 'data')}`) : undefined);
    } catch (err) {
      await driver.close?.();
      throw err;
    }
  }
  return createStore(driver);
}

async function encrypt(inner: Driver, keys: string | Uint8Array[], counterFile: string | undefined): Promise<Driver> {
  // Imported lazily: a plaintext store never loads libsodium.
  const [{ encryptedDriver }, { parseSecretKeys }, { fileCounterState }] = await Promise.all([import('./drivers/encrypted.ts'), import('../crypto/keys.ts'), import('./counter-file.ts')]);
  // With a cache dir the reader remembers the highest head counter it saw (the rollback check spans runs).
  return encryptedDriver(inner, { keys: typeof keys === 'string' ? parseSecretKeys(keys) : keys, ...(counterFile ? { state: fileCounterState(counterFile) } : {}) });
}

/** Store options from the environment, with `overrides` (e.g. CLI flags) taking precedence when set. */
export function storeOptionsFromEnv(env: Record<string, string | undefined>, overrides: Partial<OpenStoreOptions> = {}): OpenStoreOptions {
  const remote = overrides.remote || env[ENV.remote];
  if (!remote) throw new GfaError('E_CONFIG', `no data remote: pass --remote URL or set ${ENV.remote}`);
  const history = overrides.history || env[ENV.history] || 'squash';
  if (history !== 'squash' && history !== 'keep') throw new GfaError('E_USAGE', `invalid history mode "${history}": use squash or keep`);
  const secretKeys = overrides.secretKeys ?? (env[ENV.secretKey] || undefined);
  const cacheDir = overrides.cacheDir || env[ENV.cacheDir];
  return {
    remote,
    branch: overrides.branch || env[ENV.branch] || 'data',
    history,
    ...(secretKeys !== undefined ? { secretKeys } : {}),
    ...(cacheDir ? { cacheDir } : {}),
  };
}
