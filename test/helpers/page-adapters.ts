/**
 * The page's forge adapters (framework/forge/{github,gitlab}/client.ts) bundled for the browser, as
 * one script that sets `globalThis.gfaAdapters`. A test runs it in a page with `page.evaluate(source)`
 * (which the page's CSP does not block), then drives the real adapters from the page's own origin.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** What the script puts on `globalThis.gfaAdapters`. */
export interface PageAdapters {
  githubClientForge: typeof import('../../framework/forge/github/client.ts').githubClientForge;
  gitlabClientForge: typeof import('../../framework/forge/gitlab/client.ts').gitlabClientForge;
}

let cached: Promise<string> | undefined;

/** The bundled script (built once per test file). */
export function pageAdaptersSource(): Promise<string> {
  cached ??= build({
    stdin: {
      contents: "export { githubClientForge } from './framework/forge/github/client.ts';\nexport { gitlabClientForge } from './framework/forge/gitlab/client.ts';\n",
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true, platform: 'browser', format: 'iife', globalName: 'gfaAdapters', target: 'es2022', write: false, logLevel: 'silent',
  }).then((r) => `${r.outputFiles[0]!.text}\nglobalThis.gfaAdapters = gfaAdapters;`);
  return cached;
}
