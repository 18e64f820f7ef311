/**
 * The dev server's fetch-style handler (everything but the git smart-HTTP remote, which streams
 * through `git http-backend`): testable in process with `handler(new Request(...))`.
 */
import type { Manifest } from '../app/manifest.ts';
import type { KeysFile } from '../crypto/passphrase.ts';
import { commitRoute, fileRoute, headRoute, treeRoute } from './routes-data.ts';
import { fail, json } from './http.ts';
import type { JobRunner } from './jobs.ts';
import { tickRoute, triggerRoute } from './routes-jobs.ts';
import { pagesRoute, type ForgeSettings } from './routes-pages.ts';

/** Everything the handler reads; the server swaps `manifest` on rebuild. */
export interface DevContext {
  /** The app's bare data repo. */
  repo: string;
  manifest(): Manifest;
  runner: JobRunner;
  triggerToken: string;
  keysFile: KeysFile;
  /** `APP_DIR/dist/pages`. */
  pagesDir: string;
  /** The server's own origin, once listening. */
  url(): string;
}

/** A fetch-style request handler. */
export type DevHandler = (req: Request) => Promise<Response>;

const ROUTES: Record<string, string> = {
  '/api/head': 'GET',
  '/api/trigger': 'POST',
  '/api/tick': 'POST',
  '/.gfa/keys.json': 'GET',
};

/** Creates the handler for one app. */
export function createDevHandler(ctx: DevContext): DevHandler {
  const seen = new Set<string>();
  const jobs = { manifest: ctx.manifest, triggerToken: ctx.triggerToken, runner: ctx.runner, seen };
  const data = { repo: ctx.repo, branch: () => ctx.manifest().store.branch };
  const settings = (): ForgeSettings => ({ forge: 'local', url: ctx.url() });

  return async (req) => {
    const url = new URL(req.url);
    const path = url.pathname;
    const method = req.method === 'HEAD' ? 'GET' : req.method;
    const fixed = Object.hasOwn(ROUTES, path) ? ROUTES[path] : undefined;
    const prefixed = path.startsWith('/api/file/') || path.startsWith('/api/tree/') || path.startsWith('/api/commit/') ? 'GET' : undefined;
    const expected = fixed ?? prefixed ?? (path.startsWith('/api/') ? undefined : 'GET');
    if (expected === undefined) return fail(404, `no endpoint ${path.slice(0, 100)}`, 'E_NOT_FOUND');
    if (method !== expected) return fail(405, `use ${expected} for ${path.slice(0, 100)}`, 'E_USAGE');

    if (path === '/api/head') return headRoute(req, data);
    if (path === '/api/trigger') return triggerRoute(req, jobs);
    if (path === '/api/tick') return tickRoute(req, url, jobs);
    if (path === '/.gfa/keys.json') return json(200, ctx.keysFile, { 'cache-control': 'no-store' });
    if (path.startsWith('/api/file/')) return fileRoute(path.slice('/api/file/'.length), data);
    if (path.startsWith('/api/tree/')) return treeRoute(path.slice('/api/tree/'.length), url, data);
    if (path.startsWith('/api/commit/')) return commitRoute(path.slice('/api/commit/'.length), data);
    return pagesRoute(path, ctx.pagesDir, settings());
  };
}
