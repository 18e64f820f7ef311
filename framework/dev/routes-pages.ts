/**
 * Serves the Pages build (`dist/pages`) with the forge settings injected, so the page finds the local
 * forge: every HTML file gets `<meta name="gfa-forge" content='{"forge":"local","url":...}'>` in its
 * head, and `/gfa-forge.json` holds the same settings.
 */
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { fail, json } from './http.ts';

/** Forge settings a page reads to connect (see `connectFromPage` in gfa/client). */
export type ForgeSettings =
  | { forge: 'local'; url: string }
  | { forge: 'github'; owner: string; repo: string; branch: string; api: string };

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

/** Adds the forge meta tag right after `<head>` (or at the top when there is no head). */
export function injectForgeMeta(html: string, settings: ForgeSettings): string {
  const attr = JSON.stringify(settings).replace(/&/g, '&amp;').replace(/'/g, '&#39;').replace(/</g, '&lt;');
  const tag = `<meta name="gfa-forge" content='${attr}'>`;
  const m = /<head[^>]*>/i.exec(html);
  return m ? `${html.slice(0, m.index + m[0].length)}\n${tag}${html.slice(m.index + m[0].length)}` : `${tag}\n${html}`;
}

/** Answers `GET /<path>` from `pagesDir`. */
export async function pagesRoute(pathname: string, pagesDir: string, settings: ForgeSettings): Promise<Response> {
  if (pathname === '/gfa-forge.json') return json(200, settings, { 'cache-control': 'no-store' });
  let rel: string;
  try {
    rel = decodeURIComponent(pathname);
  } catch {
    return fail(400, 'the path is not valid percent-encoding', 'E_USAGE');
  }
  if (rel.includes('\0')) return fail(400, 'bad path', 'E_USAGE');
  let file = normalize(join(pagesDir, rel));
  if (file !== pagesDir && !file.startsWith(pagesDir + sep)) return fail(400, 'path escapes the Pages folder', 'E_USAGE');
  try {
    if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
    const bytes = await readFile(file);
    const type = TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
    const headers = { 'content-type': type, 'cache-control': 'no-cache' };
    if (type.startsWith('text/html')) return new Response(injectForgeMeta(bytes.toString('utf8'), settings), { headers });
    return new Response(new Uint8Array(bytes), { headers });
  } catch {
    return fail(404, `not found: ${pathname.slice(0, 200)} (the Pages build is dist/pages; does the app set pages?)`, 'E_NOT_FOUND');
  }
}
