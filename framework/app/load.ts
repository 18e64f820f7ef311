/**
 * @module Loads `APP_DIR/gfa.config.ts` with no TypeScript loader: esbuild bundles the config and the
 * app's own files it imports into one temporary `.mjs` (packages stay imports, resolved by Node from
 * the app folder), which Node imports and which is deleted right after. So `import.meta.url` in the
 * config and the files it imports names that temporary file, not the source.
 */
import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BuildOptions, Metafile } from 'esbuild';
import { GfaError, isGfaError } from '../errors.ts';
import { defineApp } from './define.ts';
import type { AppDefinition } from './types.ts';

/** The config file name inside an app folder. */
export const CONFIG_FILE = 'gfa.config.ts';

/** Where the temporary modules go: under node_modules, so Node resolves the app's packages from there and watchers ignore it. */
const CACHE_DIR = join('node_modules', '.cache', 'gfa');

let loads = 0;

/** A loaded config. */
export interface LoadedConfig {
  app: AppDefinition;
  /** With `modules`: the exports of every app file the config imports (directly or not), by path relative to the app folder (`jobs/a.ts`). */
  modules: Record<string, Record<string, unknown>>;
}

/** Imports and re-checks the app definition of `appDir`. */
export async function loadApp(appDir: string): Promise<AppDefinition> {
  return (await loadConfig(appDir)).app;
}

/** Imports the config of `appDir`; with `modules`, also the app files it imports, from the same evaluation (so a job object found there is the one in `app.jobs`). */
export async function loadConfig(appDir: string, options: { modules?: boolean } = {}): Promise<LoadedConfig> {
  const dir = resolve(appDir);
  if (!existsSync(join(dir, CONFIG_FILE))) throw new GfaError('E_NOT_FOUND', `no ${CONFIG_FILE} in ${appDir}: run gfa in an app folder or pass APP_DIR`);
  const files = options.modules ? await localImports(dir) : [];
  const entry = [`export { default } from './${CONFIG_FILE}';`, ...files.map((f, i) => `export * as m${i} from ${JSON.stringify(relativeSpecifier(f))};`)].join('\n');
  const { text } = await bundleConfig(dir, { stdin: { contents: entry, resolveDir: dir, sourcefile: 'gfa-config-entry.js', loader: 'js' } });
  const mod = await importTemporary(dir, text);
  if (typeof mod.default !== 'object' || mod.default === null) throw new GfaError('E_CONFIG', `${CONFIG_FILE} must \`export default defineApp({...})\``);
  const modules = Object.fromEntries(files.map((f, i) => [f, mod[`m${i}`] as Record<string, unknown>]));
  return { app: defineApp(mod.default as AppDefinition), modules };
}

/** The app files (relative paths) that the config imports, directly or not. */
async function localImports(dir: string): Promise<string[]> {
  const { metafile } = await bundleConfig(dir, { entryPoints: [CONFIG_FILE] });
  return Object.keys(metafile.inputs).filter((p) => p !== CONFIG_FILE).sort();
}

/** An app-relative path as esbuild's metafile spells it (`jobs/a.ts`), as an import specifier (`./jobs/a.ts`). */
export function relativeSpecifier(p: string): string {
  return p.startsWith('../') ? p : `./${p}`;
}

async function bundleConfig(dir: string, input: Pick<BuildOptions, 'stdin' | 'entryPoints'>): Promise<{ text: string; metafile: Metafile }> {
  const esbuild = await import('esbuild');
  try {
    const result = await esbuild.build({
      ...input,
      absWorkingDir: dir,
      bundle: true,
      packages: 'external',
      platform: 'node',
      format: 'esm',
      target: 'node20',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    return { text: result.outputFiles[0]?.text ?? '', metafile: result.metafile };
  } catch (err) {
    const first = (err as { errors?: { text: string; location?: { file: string; line: number } | null }[] }).errors?.[0];
    const where = first?.location ? ` (${first.location.file}:${first.location.line})` : '';
    throw new GfaError('E_CONFIG', `cannot load ${CONFIG_FILE}: ${first?.text ?? (err as Error).message}${where}`, { cause: err });
  }
}

async function importTemporary(dir: string, text: string): Promise<Record<string, unknown>> {
  const cache = join(dir, CACHE_DIR);
  await mkdir(cache, { recursive: true });
  // A fresh name per load: a long-running `gfa dev` reloads after edits and must not get the cached module.
  const file = join(cache, `config-${process.pid}-${++loads}.mjs`);
  await writeFile(file, text);
  try {
    return (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (err) {
    if (isGfaError(err)) throw err;
    throw new GfaError('E_CONFIG', `cannot load ${CONFIG_FILE}: ${((err as Error).message ?? String(err)).split('\n')[0]}`, { cause: err });
  } finally {
    await rm(file, { force: true });
  }
}
