/** @module Loads `APP_DIR/gfa.config.ts` (under tsx or vitest, which compile TypeScript on import). */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { GfaError } from '../errors.ts';
import { defineApp } from './define.ts';
import type { AppDefinition } from './types.ts';

/** The config file name inside an app folder. */
export const CONFIG_FILE = 'gfa.config.ts';

let loads = 0;

/** Imports and re-checks the app definition of `appDir`. */
export async function loadApp(appDir: string): Promise<AppDefinition> {
  const file = join(resolve(appDir), CONFIG_FILE);
  if (!existsSync(file)) throw new GfaError('E_NOT_FOUND', `no ${CONFIG_FILE} in ${appDir}: run gfa in an app folder or pass APP_DIR`);
  let mod: { default?: unknown };
  try {
    // A fresh URL per load: a long-running `gfa dev` rebuilds after edits and must not get the cached module.
    mod = (await import(`${pathToFileURL(file).href}?load=${++loads}`)) as { default?: unknown };
  } catch (err) {
    if (err instanceof GfaError) throw err;
    throw new GfaError('E_CONFIG', `cannot load ${CONFIG_FILE}: ${((err as Error).message ?? String(err)).split('\n')[0]}`, { cause: err });
  }
  if (typeof mod.default !== 'object' || mod.default === null) throw new GfaError('E_CONFIG', `${CONFIG_FILE} must \`export default defineApp({...})\``);
  return defineApp(mod.default as AppDefinition);
}
