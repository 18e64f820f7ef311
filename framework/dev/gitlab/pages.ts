/**
 * The emulated GitLab Pages site: the files of `dist/pages` at the default branch's head, served on
 * their own origin (like `https://<namespace>.gitlab.io/<project>/`, a different origin from the API),
 * with what the generated `pages` job adds to every HTML file before it publishes
 * (framework/pipeline/gitlab.ts): the `gfa-forge` meta tag naming the instance, project and data
 * branch, and the instance origin in the page's CSP `connect-src`.
 */
import { extname } from 'node:path';
import type { BareRepo } from './repo.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png', '.wasm': 'application/wasm', '.txt': 'text/plain',
};

/** What the pages job writes into each HTML file. */
export interface GitlabPageSettings {
  forge: 'gitlab';
  /** The instance URL (`CI_SERVER_URL`). */
  url: string;
  /** The project path (`CI_PROJECT_PATH`). */
  project: string;
  /** The data branch. */
  branch: string;
}

/** Adds the meta tag after `<head>` and the instance to `connect-src`, as the generated pages job does. */
export function injectGitlabSettings(html: string, s: GitlabPageSettings): string {
  const attr = JSON.stringify(s).replace(/&/g, '&amp;').replace(/'/g, '&#39;').replace(/</g, '&lt;');
  return html
    .replace(/<head>/i, `<head><meta name="gfa-forge" content='${attr}'>`)
    .replace(/connect-src 'self'/, `connect-src 'self' ${s.url}`);
}

/** Answers `GET <path>` of the Pages site. */
export async function pagesResponse(repo: BareRepo, branch: string, pathname: string, settings: GitlabPageSettings): Promise<Response> {
  let rel = decodeURIComponent(pathname).replace(/^\/+/, '');
  if (rel === '' || rel.endsWith('/')) rel += 'index.html';
  if (rel.split('/').some((s) => s === '..' || s === '.')) return new Response('Not Found', { status: 404 });
  const f = await repo.read(branch, `dist/pages/${rel}`);
  if (!f) return new Response('Not Found', { status: 404 });
  const type = TYPES[extname(rel).toLowerCase()] ?? 'application/octet-stream';
  const headers = { 'content-type': type, 'cache-control': 'max-age=600' };
  if (type.startsWith('text/html')) return new Response(injectGitlabSettings(f.bytes.toString('utf8'), settings), { headers });
  return new Response(new Uint8Array(f.bytes), { headers });
}
