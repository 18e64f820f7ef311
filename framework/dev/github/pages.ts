/**
 * The emulator's Pages site for a repository (a test double of GitHub Pages with `build_type: workflow`):
 * the committed `dist/pages` at the head of the default branch, which is what gfa's Pages workflow
 * uploads, served on the emulator's Pages origin at `/{owner}/{repo}/` (another origin than the API,
 * as `OWNER.github.io/REPO/` is not api.github.com, so the page's requests are cross-origin and CORS
 * applies). On github.io the client finds owner and repo from the URL; the emulator's URL is not
 * github.io, so it injects the same settings as `<meta name="gfa-forge">`, with its own API URL and the
 * data branch from `dist/gfa.json`, and adds its API origin to the CSP's `connect-src` (the built
 * policy names https://api.github.com, which the emulator stands in for).
 */
import { extname } from 'node:path';
import { injectForgeMeta } from '../routes-pages.ts';
import { entryAt, readBlob, resolveCommit } from './repo-git.ts';
import type { Origins } from './shapes.ts';
import type { GithubState, Repo } from './state.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8', '.svg': 'image/svg+xml', '.png': 'image/png', '.wasm': 'application/wasm',
};

const notFound = (): Response => new Response('404 File not found', { status: 404, headers: { 'content-type': 'text/plain' } });

/** The handler of the Pages origin: `/{owner}/{repo}/…` is that repository's site. */
export function pagesHandler(state: GithubState, origins: () => Origins): (req: Request) => Promise<Response> {
  return (req) => {
    const m = /^\/([^/]+)\/([^/]+)(\/.*)?$/.exec(new URL(req.url).pathname);
    return servePages(m ? state.repos.get(`${m[1]}/${m[2]}`.toLowerCase()) : undefined, m?.[3] ?? '/', origins());
  };
}

/** Answers one Pages request. */
export async function servePages(repo: Repo | undefined, path: string, origins: Origins): Promise<Response> {
  if (!repo?.pages) return notFound();
  const head = await resolveCommit(repo.dir, repo.defaultBranch);
  if (!head) return notFound();
  let rel = decodeURIComponent(path).replace(/^\/+/, '');
  if (rel === '' || rel.endsWith('/')) rel += 'index.html';
  if (rel.split('/').some((s) => s === '..' || s.startsWith('.'))) return notFound();
  const entry = await entryAt(repo.dir, head, `dist/pages/${rel}`);
  if (!entry || entry.type !== 'blob') return notFound();
  const bytes = await readBlob(repo.dir, entry.sha);
  const type = TYPES[extname(rel).toLowerCase()] ?? 'application/octet-stream';
  const headers = { 'content-type': type, 'cache-control': 'max-age=600' };
  if (!type.startsWith('text/html')) return new Response(new Uint8Array(bytes), { headers });
  const manifest = await entryAt(repo.dir, head, 'dist/gfa.json');
  const branch = manifest ? ((JSON.parse((await readBlob(repo.dir, manifest.sha)).toString('utf8')) as { store?: { branch?: string } }).store?.branch ?? 'data') : 'data';
  const html = bytes.toString('utf8').replace(/connect-src 'self'/g, `connect-src 'self' ${new URL(origins.api).origin}`);
  return new Response(injectForgeMeta(html, { forge: 'github', owner: repo.owner, repo: repo.name, branch, api: origins.api }), { headers });
}
