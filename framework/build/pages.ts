/** @module Builds the frontend: static files of `pages.dir` copied, `main.ts` bundled for the browser. */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { BuildOptions } from 'esbuild';
import { GfaError } from '../errors.ts';
import { contentSecurityPolicy, withPolicy } from './page-policy.ts';
import { BUNDLE_BANNER } from './jobs.ts';

/** The unlock worker's file name (client/secrets.ts starts it by this name). */
const UNLOCK_WORKER = 'gfa-unlock.js';

/** Source files that are bundled, not copied. */
const SOURCE = /\.(ts|tsx|mts|cts|jsx)$/;

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const p = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await walk(p)));
    else if (entry.isFile()) out.push(p);
  }
  return out.sort();
}

/** The files of `dist/pages/` (paths relative to appDir). `media`: the app's `pages.media` (extra `media-src` sources). */
export async function buildPages(appDir: string, pagesDir: string, media: readonly string[] = []): Promise<{ path: string; content: string | Uint8Array }[]> {
  const policy = contentSecurityPolicy(undefined, media);
  const src = join(appDir, pagesDir);
  if (!existsSync(src)) throw new GfaError('E_CONFIG', `pages.dir "${pagesDir}" does not exist in the app folder; create it or remove pages`);
  const out: { path: string; content: string | Uint8Array }[] = [];
  for (const file of await walk(src)) {
    const rel = relative(src, file).split('\\').join('/');
    if (SOURCE.test(rel)) continue;
    // HTML gets the framework's Content-Security-Policy; everything else is copied as it is.
    const content = rel.endsWith('.html') ? withPolicy(await readFile(file, 'utf8'), policy) : await readFile(file);
    out.push({ path: `dist/pages/${rel}`, content });
  }
  if (existsSync(join(src, 'main.ts'))) {
    const esbuild = await import('esbuild');
    // One set of options for the page and its worker: ES modules for the browser, one file each.
    const bundle = (entry: Pick<BuildOptions, 'entryPoints' | 'stdin'>, file: string) =>
      esbuild.build({
        ...entry, absWorkingDir: appDir, bundle: true, platform: 'browser', format: 'esm', target: 'es2022', write: false,
        legalComments: 'none', logLevel: 'silent', banner: { js: BUNDLE_BANNER }, outfile: `dist/pages/${file}`, metafile: true,
      });
    try {
      const page = await bundle({ entryPoints: [join(src, 'main.ts')] }, 'main.js');
      if (page.outputFiles[0]) out.push({ path: 'dist/pages/main.js', content: page.outputFiles[0].text });
      // A page that unlocks with gfa/client gets the unlock worker beside it: Argon2id off the main thread.
      if (Object.keys(page.metafile.inputs).some((p) => /client\/secrets\.[jt]s$/.test(p))) {
        const worker = await bundle({ stdin: { contents: "import 'gfa/client/unlock-worker';", resolveDir: appDir, loader: 'js' } }, UNLOCK_WORKER);
        if (worker.outputFiles[0]) out.push({ path: `dist/pages/${UNLOCK_WORKER}`, content: worker.outputFiles[0].text });
      }
    } catch (err) {
      const first = (err as { errors?: { text: string }[] }).errors?.[0];
      throw new GfaError('E_BUILD', `cannot bundle ${pagesDir}/main.ts: ${first?.text ?? (err as Error).message}`, { cause: err });
    }
  }
  return out;
}
