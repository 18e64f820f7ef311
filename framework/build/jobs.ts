/** @module Bundles each job into one self-contained ES module for Node 20: `dist/jobs/<job>.mjs`. */
import type { BuildOptions, Plugin } from 'esbuild';
import { GENERATED_HEADER } from '../contract.ts';
import { GfaError } from '../errors.ts';
import { CONFIG_FILE, relativeSpecifier, type LoadedConfig } from '../app/load.ts';
import type { AppDefinition } from '../app/types.ts';
import { takesUsers } from '../app/rules.ts';

/** The banner of every bundle. */
export const BUNDLE_BANNER = `// ${GENERATED_HEADER}`;

/** Lets bundled CommonJS dependencies (yaml, libsodium) call `require` for Node built-ins. */
const REQUIRE_SHIM = "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);";

/** Where a job's definition lives, when it is exported by an app file of its own. */
export interface JobSource {
  /** Path relative to the app folder, as esbuild's metafile spells it (`/`-separated), e.g. `jobs/add-feed.ts`. */
  file: string;
  /** The export that holds the job (`default` or a name). */
  exportName: string;
}

/** What a job bundle needs of the app besides the job: the runtime reads only these. */
export type AppSettings = Pick<AppDefinition, 'name' | 'store' | 'session' | 'policies'>;

/**
 * The app file that exports each job, from the modules {@link loadConfig} returns: the one whose export
 * is the very object in `app.jobs`, preferring the file that exports the fewest jobs (`jobs/a.ts` over
 * a `jobs/index.ts` that re-exports them all). Jobs written inline in the config get none.
 */
export function findJobSources(loaded: LoadedConfig): Record<string, JobSource> {
  const jobs = new Set<unknown>(Object.values(loaded.app.jobs));
  const sources: Record<string, JobSource & { count: number }> = {};
  for (const [file, exports] of Object.entries(loaded.modules)) {
    const count = new Set(Object.values(exports).filter((v) => jobs.has(v))).size;
    for (const [name, job] of Object.entries(loaded.app.jobs)) {
      const exportName = Object.keys(exports).find((k) => exports[k] === job);
      const best = sources[name];
      if (exportName !== undefined && (!best || count < best.count)) sources[name] = { file, exportName, count };
    }
  }
  return Object.fromEntries(Object.entries(sources).map(([name, { file, exportName }]) => [name, { file, exportName }]));
}

/**
 * The generated entry of job `name`. With a `source`, it imports only that file and rebuilds the app
 * around the one job from its settings, so the bundle carries that job's code and nothing of the
 * others'; without, it imports the whole config. The runtime comes from the `gfa` package the app
 * resolves, like the config's own `import ... from 'gfa'`, so a bundle holds one copy of it.
 */
export function jobEntry(name: string, settings: AppSettings, source?: JobSource): string {
  const runtime = [
    "import { main } from 'gfa/runtime/main';",
    "import { openStore } from 'gfa/store/open';",
  ];
  if (!source) return [`import app from './${CONFIG_FILE}';`, ...runtime, `await main(app, ${JSON.stringify(name)}, { openStore });`, ''].join('\n');
  const app = `{ ...${JSON.stringify(settings)}, jobs: { ${JSON.stringify(name)}: job } }`;
  return [
    `import { ${JSON.stringify(source.exportName)} as job } from ${JSON.stringify(relativeSpecifier(source.file))};`,
    ...runtime,
    `await main(${app}, ${JSON.stringify(name)}, { openStore });`,
    '',
  ].join('\n');
}

/**
 * Leaves libsodium (~600 KB, the biggest part of a bundle) out of apps that do not encrypt (and jobs
 * that take no users' requests): a job
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

/** Bundles every job of the loaded app (loaded with `modules`, so jobs in their own files bundle alone); returns `{ path (relative to appDir), content }` per job. */
export async function bundleJobs(appDir: string, loaded: LoadedConfig): Promise<{ path: string; content: string }[]> {
  const esbuild = await import('esbuild');
  const sources = findJobSources(loaded);
  const app = loaded.app;
  // The policies too: a bundle that rebuilt the app without them would hold every user to none.
  const settings: AppSettings = { name: app.name, ...(app.store ? { store: app.store } : {}), ...(app.session ? { session: app.session } : {}), ...(app.policies ? { policies: app.policies } : {}) };
  const encrypt = loaded.app.store?.encrypt === true;
  return Promise.all(Object.keys(loaded.app.jobs).map(async (name) => {
    const options: BuildOptions = {
      stdin: { contents: jobEntry(name, settings, sources[name]), resolveDir: appDir, sourcefile: `gfa-job-${name}.ts`, loader: 'ts' },
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
      // A job that takes users' joins and signed requests verifies signatures with libsodium.
      plugins: encrypt || takesUsers(app, app.jobs[name]!) ? [] : [withoutSodium],
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
