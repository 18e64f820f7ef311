/**
 * Git-database reads of the GitHub double beyond rest-repo.ts's (a test double, not GitHub):
 * - `GET /git/ref/{ref}` with the ref as one encoded segment, `heads%2Fmain`, as Octokit sends its
 *   `ref` parameter (RFC 6570 simple expansion encodes `/`; https://docs.github.com/en/rest/git/refs#get-a-reference:
 *   "The Git reference ... formatted as heads/<branch name> for branches and tags/<tag name> for tags");
 * - `GET /git/trees/{tree_sha}` by branch or tag name as well as SHA ("The SHA1 value or ref (branch
 *   or tag) name of the tree", https://docs.github.com/en/rest/git/trees#get-a-tree);
 * - `GET /git/blobs/{file_sha}`: base64 `content` (lines of 60), or the raw bytes with
 *   `Accept: application/vnd.github.raw+json` (https://docs.github.com/en/rest/git/blobs#get-a-blob).
 * Contents: read, or a public repository.
 */
import { need, type Route } from './context.ts';
import { refAnswer, treeAnswer } from './rest-repo.ts';
import { readBlob, resolveCommit } from './repo-git.ts';
import { ghError, ghJson } from './respond.ts';
import { execFile } from 'node:child_process';

const objectType = (dir: string, sha: string): Promise<string | undefined> =>
  new Promise((ok) => execFile('git', ['-C', dir, 'cat-file', '-t', sha], (err, out) => ok(err ? undefined : String(out).trim())));

/** `GET .../git/ref/{ref}`, the ref decoded: a branch is answered as rest-repo.ts answers it; the double's apps keep no tags. */
export const getRefEncoded: Route = (req, m, ctx, repo) => {
  const branch = /^heads\/(.+)$/.exec(decodeURIComponent(m[1]!));
  return need(ctx, repo, 'contents', 'read') ?? (branch ? refAnswer(req, ctx, repo, branch[1]!) : ghError(404, 'Not Found'));
};

/** `GET .../git/trees/{name}`: a branch name resolves to its head commit's tree. */
export const getTreeByName: Route = async (req, m, ctx, repo) => {
  const denied = need(ctx, repo, 'contents', 'read');
  if (denied) return denied;
  const sha = await resolveCommit(repo.dir, decodeURIComponent(m[1]!));
  return sha ? treeAnswer(req, ctx, repo, sha) : ghError(404, 'Not Found');
};

/** `GET .../git/blobs/{file_sha}` */
export const getBlob: Route = async (req, m, ctx, repo) => {
  const denied = need(ctx, repo, 'contents', 'read');
  if (denied) return denied;
  const sha = m[1]!;
  if ((await objectType(repo.dir, sha)) !== 'blob') return ghError(404, 'Not Found');
  const bytes = await readBlob(repo.dir, sha);
  if (/application\/vnd\.github(\.v3)?\.raw/.test(req.headers.get('accept') ?? '')) {
    return new Response(new Uint8Array(bytes), { status: 200, headers: { 'content-type': 'application/vnd.github.raw+json; charset=utf-8', etag: `"${sha}"` } });
  }
  return ghJson(req, 200, {
    sha, node_id: `B_${sha}`, size: bytes.length, url: `${ctx.origins.api}/repos/${repo.owner}/${repo.name}/git/blobs/${sha}`,
    content: bytes.toString('base64').replace(/(.{60})/g, '$1\n'), encoding: 'base64',
  });
};

/** Route rows, matched against the path after `/repos/{o}/{r}` (after rest-repo.ts's rows). */
export const GIT_ROUTES: [string, RegExp, Route][] = [
  ['GET', /^\/git\/ref\/([^/]+)$/, getRefEncoded],
  ['GET', /^\/git\/trees\/([^/]+)$/, getTreeByName],
  ['GET', /^\/git\/blobs\/([0-9a-f]{40})$/, getBlob],
];
