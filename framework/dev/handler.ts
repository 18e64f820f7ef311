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
import { LOCAL_ROUTES } from '../forge/local/routes.ts';

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

/** One route: its method, its path (or a prefix, for paths that carry a SHA and a file path), and what answers. */
interface Route {
  method: 'GET' | 'POST';
  path: string;
  prefix?: boolean;
  handle(req: Request, url: URL, rest: string): Promise<Response> | Response;
}
/** Creates the handler for one app. */
export function createDevHandler(ctx: DevContext): DevHandler {
  const jobs = { manifest: ctx.manifest, triggerToken: ctx.triggerToken, runner: ctx.runner };
  const data = { repo: ctx.repo, branch: () => ctx.manifest().store.branch };
  const settings = (): ForgeSettings => ({ forge: 'local', url: ctx.url() });

  // Every route, declared once; anything else under /api/ is 404, and any other path is the Pages build.
  const routes: Route[] = [
    { method: 'GET', path: LOCAL_ROUTES.head, handle: (req) => headRoute(req, data) },
    { method: 'POST', path: LOCAL_ROUTES.trigger, handle: (req) => triggerRoute(req, jobs) },
    { method: 'POST', path: LOCAL_ROUTES.tick, handle: (req, url) => tickRoute(req, url, jobs) },
    { method: 'GET', path: LOCAL_ROUTES.keys, handle: () => json(200, ctx.keysFile, { 'cache-control': 'no-store' }) },
    { method: 'GET', path: LOCAL_ROUTES.file, prefix: true, handle: (_req, _url, rest) => fileRoute(rest, data) },
    { method: 'GET', path: LOCAL_ROUTES.tree, prefix: true, handle: (_req, url, rest) => treeRoute(rest, url, data) },
    { method: 'GET', path: LOCAL_ROUTES.commit, prefix: true, handle: (_req, _url, rest) => commitRoute(rest, data) },
    { method: 'GET', path: '/', prefix: true, handle: (_req, url) => pagesRoute(url.pathname, ctx.pagesDir, settings()) },
  ];

  return async (req) => {
    const url = new URL(req.url);
    const path = url.pathname;
    const method = req.method === 'HEAD' ? 'GET' : req.method;
    const route = routes.find((r) => (r.prefix ? path.startsWith(r.path) : path === r.path));
    if (!route || (route.path === '/' && path.startsWith('/api/'))) return fail(404, `no endpoint ${path.slice(0, 100)}`, 'E_NOT_FOUND');
    if (method !== route.method) return fail(405, `use ${route.method} for ${path.slice(0, 100)}`, 'E_USAGE');
    return route.handle(req, url, path.slice(route.path.length));
  };
}
