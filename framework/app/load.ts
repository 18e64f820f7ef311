/**
 * @module Loads `APP_DIR/gfa.config.ts` with no TypeScript loader: esbuild bundles the config and the
 * app's own files it imports into one temporary `.mjs` (packages stay imports, resolved by Node from
 * the app folder), which Node imports and which is deleted right after. So `import.meta.url` in the
 * config and the files it imports names that temporary file, not the source. An error while loading
 * names the app's own file that caused it: the one importing a package that is not installed (from the
 * bundle's metafile), or the first frame of the app's sources in the stack (the bundle carries a source
 * map, and Node's source-map support is switched on for it).
 */
import { existsSync } from 'node:fs';
import { mkdir, realpath, rm, writeFile } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
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
  const cache = await cacheDir(dir);
  const { text, metafile } = await bundleConfig(dir, {
    stdin: { contents: entry, resolveDir: dir, sourcefile: 'gfa-config-entry.js', loader: 'js' },
    // Not written: it places the source map's paths relative to where the module is imported from.
    outfile: join(cache, 'config.mjs'),
    sourcemap: 'inline',
  });
  const mod = await importTemporary(dir, cache, text, metafile);
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

async function bundleConfig(dir: string, input: Pick<BuildOptions, 'stdin' | 'entryPoints' | 'outfile' | 'sourcemap'>): Promise<{ text: string; metafile: Metafile }> {
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
    const js = result.outputFiles.find((f) => !f.path.endsWith('.map')) ?? result.outputFiles[0];
    return { text: js?.text ?? '', metafile: result.metafile };
  } catch (err) {
    const first = (err as { errors?: { text: string; location?: { file: string; line: number } | null }[] }).errors?.[0];
    const where = first?.location ? ` (${first.location.file}:${first.location.line})` : '';
    throw new GfaError('E_CONFIG', `cannot load ${CONFIG_FILE}: ${first?.text ?? (err as Error).message}${where}`, { cause: err });
  }
}

/** The folder of the temporary modules, made if needed; its real path (node_modules may be a link), as Node imports from it. */
async function cacheDir(dir: string): Promise<string> {
  const cache = join(dir, CACHE_DIR);
  await mkdir(cache, { recursive: true });
  return realpath(cache);
}

async function importTemporary(dir: string, cache: string, text: string, metafile: Metafile): Promise<Record<string, unknown>> {
  // A fresh name per load: a long-running `gfa dev` reloads after edits and must not get the cached module.
  const file = join(cache, `config-${process.pid}-${++loads}.mjs`);
  await writeFile(file, text);
  process.setSourceMapsEnabled(true);
  try {
    return (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (err) {
    if (isGfaError(err)) throw err;
    throw new GfaError('E_CONFIG', `cannot load ${CONFIG_FILE}: ${loadProblem(err, dir, metafile)}`, { cause: err });
  } finally {
    await rm(file, { force: true });
  }
}

/** What went wrong while importing the bundled config, naming the app's file that caused it. */
export function loadProblem(err: unknown, dir: string, metafile: Metafile): string {
  const message = (((err as Error)?.message ?? String(err)).split('\n')[0] ?? '').trim();
  const missing = /^Cannot find (?:package|module) '([^']+)'/.exec(message)?.[1];
  if ((err as { code?: unknown })?.code === 'ERR_MODULE_NOT_FOUND' && missing !== undefined) {
    for (const [source, input] of Object.entries(metafile.inputs)) {
      const found = input.imports.find((i) => i.external && (i.path === missing || i.path.startsWith(`${missing}/`)));
      if (found) return `${source} imports "${found.path}", which is not installed in ${dir}: add it to package.json and run npm install`;
    }
  }
  const where = appFrame(err, dir);
  return where ? `${message} (${where})` : message;
}

/** The first frame of the stack in the app's own sources (not node_modules), as `file:line`. */
function appFrame(err: unknown, dir: string): string | undefined {
  const stack = typeof (err as Error)?.stack === 'string' ? (err as Error).stack! : '';
  for (const m of stack.matchAll(/(file:\/\/[^\s)]+?|\/[^\s():]+?):(\d+):\d+\)?$/gm)) {
    const path = m[1]!.startsWith('file:') ? fileURLToPath(m[1]!) : m[1]!;
    const rel = relative(dir, path).split(sep).join('/');
    if (rel.startsWith('..') || rel.startsWith('node_modules/')) continue;
    return `${rel}:${m[2]}`;
  }
  return undefined;
}
