/**
 * Read endpoints for the data branch, shaped like what GitHub and GitLab offer: the branch head's SHA
 * (with an ETag, so polling is a cheap conditional request), a file's bytes at a commit, and a tree
 * listing at a commit. Nothing is served by branch name except the head, so no cache can go stale.
 */
import { KEY_PATTERN } from '../contract.ts';
import { branchHead, listFilesAt, readBlobAt, readCommitAt, SHA_PATTERN } from './git-read.ts';
import { fail, json } from './http.ts';

/** What the data routes need. */
export interface DataRouteContext {
  /** The bare repo. */
  repo: string;
  /** The data branch name. */
  branch(): string;
}

/** `GET /api/head` → `{ sha, branch }` with `ETag: "<sha>"`; `If-None-Match` with the same tag → 304. */
export async function headRoute(req: Request, ctx: DataRouteContext): Promise<Response> {
  const branch = ctx.branch();
  const sha = await branchHead(ctx.repo, branch);
  if (sha === undefined) return fail(404, `the data branch "${branch}" does not exist yet; it appears with the first job run`, 'E_NOT_FOUND');
  const etag = `"${sha}"`;
  const headers = { etag, 'cache-control': 'no-cache' };
  const inm = req.headers.get('if-none-match');
  if (inm !== null && inm.split(',').some((t) => t.trim().replace(/^W\//, '') === etag)) return new Response(null, { status: 304, headers });
  return json(200, { sha, branch }, headers);
}

/** Splits `/api/file/<sha>/<path>` into its decoded parts, or returns a 400. */
function shaAndPath(rest: string): { sha: string; path: string } | Response {
  const i = rest.indexOf('/');
  const sha = i === -1 ? rest : rest.slice(0, i);
  if (!SHA_PATTERN.test(sha)) return fail(400, 'not a commit SHA: use 40 (or 64) lowercase hex digits', 'E_USAGE');
  let path: string;
  try {
    path = i === -1 ? '' : rest.slice(i + 1).split('/').map(decodeURIComponent).join('/');
  } catch {
    return fail(400, 'the path is not valid percent-encoding', 'E_USAGE');
  }
  return { sha, path };
}

/** `GET /api/file/<sha>/<path>` → the file's bytes at that commit (immutable, cacheable forever). */
export async function fileRoute(rest: string, ctx: DataRouteContext): Promise<Response> {
  const parts = shaAndPath(rest);
  if (parts instanceof Response) return parts;
  if (!KEY_PATTERN.test(parts.path)) return fail(400, 'not a valid key path: /-separated, no empty, . or .. segments', 'E_USAGE');
  const bytes = await readBlobAt(ctx.repo, parts.sha, parts.path);
  if (bytes === undefined) return fail(404, `no file "${parts.path}" at commit ${parts.sha.slice(0, 12)}`, 'E_NOT_FOUND');
  return new Response(bytes as Uint8Array<ArrayBuffer>, {
    status: 200,
    headers: { 'content-type': 'application/octet-stream', 'cache-control': 'public, max-age=31536000, immutable' },
  });
}

/** `GET /api/tree/<sha>?path=<dir>` → `{ sha, path, files }`: every file under `dir` (recursive), sorted. */
export async function treeRoute(rest: string, url: URL, ctx: DataRouteContext): Promise<Response> {
  const parts = shaAndPath(rest);
  if (parts instanceof Response) return parts;
  if (parts.path !== '') return fail(400, 'pass the directory as ?path=DIR, not in the URL path', 'E_USAGE');
  const dir = (url.searchParams.get('path') ?? '').replace(/\/+$/, '');
  if (dir !== '' && !KEY_PATTERN.test(dir)) return fail(400, 'not a valid directory path: /-separated, no empty, . or .. segments', 'E_USAGE');
  const files = await listFilesAt(ctx.repo, parts.sha, dir);
  if (files === undefined) return fail(404, `no commit ${parts.sha.slice(0, 12)} in the data remote`, 'E_NOT_FOUND');
  return json(200, { sha: parts.sha, path: dir, files }, { 'cache-control': 'public, max-age=31536000, immutable' });
}

/** `GET /api/commit/<sha>` → `{ sha, tree, message }` (like the forges' commit APIs): for the client's check of signed heads. */
export async function commitRoute(rest: string, ctx: DataRouteContext): Promise<Response> {
  if (!SHA_PATTERN.test(rest)) return fail(400, 'not a commit SHA: use 40 (or 64) lowercase hex digits', 'E_USAGE');
  const commit = await readCommitAt(ctx.repo, rest);
  if (commit === undefined) return fail(404, `no commit ${rest.slice(0, 12)} in the data remote`, 'E_NOT_FOUND');
  return json(200, { sha: rest, ...commit }, { 'cache-control': 'public, max-age=31536000, immutable' });
}
