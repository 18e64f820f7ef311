/** @module Bundles each job into one self-contained ES module for Node 20: `dist/jobs/<job>.mjs`. */
import { fileURLToPath } from 'node:url';
import { relative } from 'node:path';
import type { BuildOptions, Plugin } from 'esbuild';
import { GENERATED_HEADER } from '../contract.ts';
import { GfaError } from '../errors.ts';
import { CONFIG_FILE } from '../app/load.ts';

/** First line of every generated file. */
/** The banner of every bundle. */
export const BUNDLE_BANNER = `// ${GENERATED_HEADER}`;

/** Lets bundled CommonJS dependencies (yaml, libsodium) call `require` for Node built-ins. */
const REQUIRE_SHIM = "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);";

const RUNTIME_MAIN = fileURLToPath(new URL('../runtime/main.ts', import.meta.url));
const STORE_OPEN = fileURLToPath(new URL('../store/open.ts', import.meta.url));

function posix(p: string): string {
  return p.split('\\').join('/');
}

/** The generated entry of job `name`: imports the app config and calls the runtime for that job. */
export function jobEntry(appDir: string, name: string): string {
  const rel = (p: string): string => {
    const r = posix(relative(appDir, p));
    return r.startsWith('.') ? r : `./${r}`;
  };
  return [
    `import app from './${CONFIG_FILE}';`,
    `import { main } from ${JSON.stringify(rel(RUNTIME_MAIN))};`,
    `import { openStore } from ${JSON.stringify(rel(STORE_OPEN))};`,
    `await main(app, ${JSON.stringify(name)}, { openStore });`,
    '',
  ].join('\n');
}

/**
 * Leaves libsodium (~600 KB, the biggest part of a bundle) out of apps that do not encrypt: a job
 * never loads it then, and Node compiles the whole bundle at start, so dropping it saves start time.
 */
const withoutSodium: Plugin = {
  name: 'gfa-no-sodium',
  setup(build) {
    build.onResolve({ filter: /^libsodium-wrappers(-sumo)?$/ }, (args) => ({ path: args.path, namespace: 'gfa-no-sodium' }));
    build.onLoad({ filter: /.*/, namespace: 'gfa-no-sodium' }, () => ({
      contents: "throw new Error('this app was built without encryption (store.encrypt is not true): set it in gfa.config.ts and run gfa build');",
      loader: 'js',
    }));
  },
};

/** Bundles every job of the app; returns `{ path (relative to appDir), content }` per job. */
export async function bundleJobs(appDir: string, jobs: string[], app: { encrypt: boolean }): Promise<{ path: string; content: string }[]> {
  const esbuild = await import('esbuild');
  return Promise.all(jobs.map(async (name) => {
    const options: BuildOptions = {
      stdin: { contents: jobEntry(appDir, name), resolveDir: appDir, sourcefile: `gfa-job-${name}.ts`, loader: 'ts' },
      absWorkingDir: appDir,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      write: false,
      legalComments: 'none',
      // Node compiles the whole module at start: whitespace and syntax minification cut ~25% of that
      // (measured in bench/job.bench.ts); names stay readable, and no path comments remain.
      minifyWhitespace: true,
      minifySyntax: true,
      logLevel: 'silent',
      banner: { js: `${BUNDLE_BANNER}\n${REQUIRE_SHIM}` },
      outfile: `dist/jobs/${name}.mjs`,
      plugins: app.encrypt ? [] : [withoutSodium],
    };
    try {
      const result = await esbuild.build(options);
      const file = result.outputFiles?.[0];
      if (!file) throw new Error('esbuild produced no output');
      return { path: `dist/jobs/${name}.mjs`, content: file.text };
    } catch (err) {
      const first = (err as { errors?: { text: string; location?: { file: string; line: number } | null }[] }).errors?.[0];
      const where = first?.location ? ` (${first.location.file}:${first.location.line})` : '';
      throw new GfaError('E_BUILD', `cannot bundle job "${name}": ${first?.text ?? (err as Error).message}${where}`, { cause: err });
    }
  }));
}
