/** @module `gfa build`: app definition → dist/gfa.json, dist/jobs/*.mjs, dist/pages/, pipeline files. */
import { resolve } from 'node:path';
import { GfaError } from '../errors.ts';
import { loadConfig } from '../app/load.ts';
import type { Manifest } from '../app/manifest.ts';
import { toManifest } from '../app/to-manifest.ts';
import { diffFiles, writeFiles, type OutFile } from './files.ts';
import { bundleJobs } from './jobs.ts';
import { buildPages } from './pages.ts';
import { generatePipelines, lintSchedules } from '../pipeline/index.ts';

/** Options of {@link buildApp}. */
export interface BuildOptions {
  /** Compare with the files on disk instead of writing; throw E_STALE_BUILD naming the differences. @default false */
  check?: boolean;
  /** Progress lines. @default none */
  log?: (line: string) => void;
  /** Type-check the app first (its tsconfig.json); each problem is logged as one line, then E_BUILD. @default false */
  typecheck?: boolean;
}

/** What a build produced. */
export interface BuildReport {
  manifest: Manifest;
  /** Generated files, relative to the app folder, sorted. */
  files: string[];
  durationMs: number;
}

/** Builds the app in `appDir` (see the module doc). With `check`, writes nothing. */
export async function buildApp(appDir: string, options: BuildOptions = {}): Promise<BuildReport> {
  const started = Date.now();
  const dir = resolve(appDir);
  const log = options.log ?? (() => {});
  if (options.typecheck) await (await import('./typecheck.ts')).assertTypes(dir, log);
  const loaded = await loadConfig(dir, { modules: true });
  const manifest = toManifest(loaded.app);
  const files: OutFile[] = [{ path: 'dist/gfa.json', content: `${JSON.stringify(manifest, null, 2)}\n` }];
  log(`bundling ${Object.keys(manifest.jobs).length} job(s): ${Object.keys(manifest.jobs).join(', ')}`);
  files.push(...(await bundleJobs(dir, loaded)));
  if (manifest.pages) {
    log(`building pages from ${manifest.pages.dir}/`);
    files.push(...(await buildPages(dir, manifest.pages.dir, manifest.pages.media)));
  }
  files.push(...generatePipelines(manifest));
  for (const warning of lintSchedules(manifest)) log(`warning: ${warning}`);
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  if (options.check) {
    const diffs = await diffFiles(dir, files);
    if (diffs.length > 0) throw new GfaError('E_STALE_BUILD', `dist is out of date: ${diffs.join(', ')}; run gfa build`);
    log('build is up to date');
  } else {
    await writeFiles(dir, files);
    log(`wrote ${files.length} file(s)`);
  }
  return { manifest, files: files.map((f) => f.path), durationMs: Date.now() - started };
}
