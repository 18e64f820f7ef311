/**
 * The emulator's Pages site for a repository (a test double of GitHub Pages with `build_type: workflow`):
 * the committed `dist/pages` at the head of the default branch, which is what gfa's Pages workflow
 * uploads. On github.io the client finds owner and repo from the URL (`OWNER.github.io/REPO/`); the
 * emulator's URL is not github.io, so it injects the same settings as `<meta name="gfa-forge">`,
 * with its own API URL and the data branch from `dist/gfa.json`.
 */
import { extname } from 'node:path';
import { injectForgeMeta } from '../routes-pages.ts';
import { entryAt, readBlob, resolveCommit } from './repo-git.ts';
import type { Origins } from './shapes.ts';
import type { Repo } from './state.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8', '.svg': 'image/svg+xml', '.png': 'image/png', '.wasm': 'application/wasm',
};

const notFound = (): Response => new Response('404 File not found', { status: 404, headers: { 'content-type': 'text/plain' } });

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
  return new Response(injectForgeMeta(bytes.toString('utf8'), { forge: 'github', owner: repo.owner, repo: repo.name, branch, api: origins.api }), { headers });
}
