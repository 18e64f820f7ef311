/**
 * Repository, contents, git-database and Pages endpoints of the GitHub emulator (a test double). Docs:
 * https://docs.github.com/en/rest/repos/repos#get-a-repository, https://docs.github.com/en/rest/repos/contents,
 * https://docs.github.com/en/rest/git/refs#get-a-reference, https://docs.github.com/en/rest/git/trees,
 * https://docs.github.com/en/rest/pages/pages
 */
import { allows } from './state.ts';
import { jsonBody, need, type Route, type RouteContext } from './context.ts';
import { commitFile, entryAt, listTree, readBlob, readCommitObject, resolveCommit, treeOf } from './repo-git.ts';
import { ghError, ghJson, notModified } from './respond.ts';
import { fullRepository } from './shapes.ts';
import type { Repo } from './state.ts';
import type { Origins } from './shapes.ts';
import { ghTime } from './time.ts';
import { systemClock } from '../clock.ts';
import { recordActivity } from './inactivity.ts';
import { diskBytes } from '../disk-size.ts';

/**
 * `GET /repos/{o}/{r}`: `permissions` shows the token's user role, as for fine-grained tokens (admin
 * here); `size` is the repository's size in kilobytes (OpenAPI `full-repository`), here its bare
 * repository on disk.
 */
export const getRepo: Route = async (req, _m, ctx, repo) => {
  const json = fullRepository(ctx.origins, repo, ctx.token ? { admin: true, push: true, pull: true } : undefined);
  json.size = Math.ceil((await diskBytes(repo.dir)) / 1024);
  return ghJson(req, 200, json, {}, repo.pushedAt);
};

function contentFile(o: Origins, repo: Repo, path: string, sha: string, size: number, ref: string, bytes?: Buffer): Record<string, unknown> {
  const url = `${o.api}/repos/${repo.owner}/${repo.name}/contents/${path}?ref=${ref}`;
  const html = `${o.web}/${repo.owner}/${repo.name}/blob/${ref}/${path}`;
  const git = `${o.api}/repos/${repo.owner}/${repo.name}/git/blobs/${sha}`;
  return {
    type: 'file', encoding: 'base64', size, name: path.split('/').pop(), path, sha, url, git_url: git, html_url: html,
    download_url: `${o.web}/raw/${repo.owner}/${repo.name}/${ref}/${path}`, _links: { self: url, git, html },
    ...(bytes ? { content: bytes.toString('base64').replace(/(.{60})/g, '$1\n') } : {}),
  };
}

/**
 * `GET .../contents/{path}?ref=`: a file as JSON (base64 `content`) or, with
 * `Accept: application/vnd.github.raw+json`, its bytes; a directory as a list; 404 otherwise.
 */
export const getContents: Route = async (req, m, ctx, repo) => {
  const denied = need(ctx, repo, 'contents', 'read');
  if (denied) return denied;
  const path = decodeURIComponent(m[1] ?? '').replace(/^\/+|\/+$/g, '');
  const ref = new URL(req.url).searchParams.get('ref') ?? repo.defaultBranch;
  const commit = await resolveCommit(repo.dir, ref);
  if (!commit) return ghError(404, `No commit found for the ref ${ref}`);
  const entry = path ? await entryAt(repo.dir, commit, path) : { type: 'tree' as const, sha: '', mode: '040000', path: '' };
  if (!entry) return ghError(404, 'Not Found');
  if (entry.type === 'tree') {
    const items = ((await listTree(repo.dir, commit, false, path)) ?? []).map((e) => {
      const p = path ? `${path}/${e.path}` : e.path;
      const f = contentFile(ctx.origins, repo, p, e.sha, e.size ?? 0, ref);
      return { ...f, type: e.type === 'tree' ? 'dir' : 'file', download_url: e.type === 'tree' ? null : f.download_url };
    });
    return ghJson(req, 200, items);
  }
  const bytes = await readBlob(repo.dir, entry.sha);
  const accept = req.headers.get('accept') ?? '';
  if (/application\/vnd\.github(\.v3)?\.raw/.test(accept)) {
    const etag = `"${entry.sha}"`;
    const headers = { 'content-type': 'application/vnd.github.raw+json; charset=utf-8', etag, vary: 'Accept, Authorization' };
    if (notModified(req, etag)) return new Response(null, { status: 304, headers });
    return new Response(new Uint8Array(bytes), { status: 200, headers });
  }
  return ghJson(req, 200, contentFile(ctx.origins, repo, path, entry.sha, bytes.length, ref, bytes));
};

/** `PUT .../contents/{path}` `{message, content, sha?, branch?}`: 201 created, 200 updated, 409 stale `sha`, 422 `sha` missing. */
export const putContents: Route = async (req, m, ctx, repo) => {
  const denied = need(ctx, repo, 'contents', 'write');
  if (denied) return denied;
  const path = decodeURIComponent(m[1] ?? '');
  const body = await jsonBody(req);
  if (!body || typeof body.message !== 'string' || typeof body.content !== 'string') return ghError(422, 'Invalid request.\n\n"message" and "content" are required.');
  const branch = typeof body.branch === 'string' ? body.branch : repo.defaultBranch;
  const head = await resolveCommit(repo.dir, branch);
  const old = head ? await entryAt(repo.dir, head, path) : undefined;
  if (old && body.sha === undefined) return ghError(422, 'Invalid request.\n\n"sha" wasn\'t supplied.');
  if (old && body.sha !== old.sha) return ghError(409, `${path} does not match ${String(body.sha)}`);
  const bytes = Buffer.from(body.content, 'base64');
  const { commit, blob } = await commitFile(repo.dir, branch, path, bytes, body.message, { name: ctx.token?.login ?? 'owner', email: `${ctx.token?.login ?? 'owner'}@users.noreply.github.com` });
  const at = (ctx.clock ?? systemClock).now();
  repo.pushedAt = ghTime(at);
  recordActivity(repo, at, ctx.token);
  const now = repo.pushedAt;
  const person = { name: ctx.token?.login ?? 'owner', email: 'owner@users.noreply.github.com', date: now };
  const tree = (await treeOf(repo.dir, commit))!;
  const commitUrl = `${ctx.origins.api}/repos/${repo.owner}/${repo.name}/git/commits/${commit}`;
  return ghJson(req, old ? 200 : 201, {
    content: contentFile(ctx.origins, repo, path, blob, bytes.length, branch),
    commit: {
      sha: commit, node_id: `C_${commit}`, url: commitUrl, html_url: `${ctx.origins.web}/${repo.owner}/${repo.name}/commit/${commit}`,
      author: person, committer: person, message: body.message, tree: { sha: tree, url: `${ctx.origins.api}/repos/${repo.owner}/${repo.name}/git/trees/${tree}` },
      parents: head ? [{ sha: head, url: `${ctx.origins.api}/repos/${repo.owner}/${repo.name}/git/commits/${head}`, html_url: `${ctx.origins.web}/${repo.owner}/${repo.name}/commit/${head}` }] : [],
      verification: { verified: false, reason: 'unsigned', signature: null, payload: null, verified_at: null },
    },
  });
};

/** `GET .../git/ref/heads/{branch}` (ETag + 304 through ghJson). */
export const getRef: Route = (req, m, ctx, repo) => need(ctx, repo, 'contents', 'read') ?? refAnswer(req, ctx, repo, decodeURIComponent(m[1]!));

/** The answer for branch `branch`'s ref (also for `git/ref/heads%2F…`, rest-git.ts). */
export async function refAnswer(req: Request, ctx: RouteContext, repo: Repo, branch: string): Promise<Response> {
  const sha = await resolveCommit(repo.dir, branch);
  if (!sha) return ghError(404, 'Not Found');
  const base = `${ctx.origins.api}/repos/${repo.owner}/${repo.name}/git`;
  return ghJson(req, 200, { ref: `refs/heads/${branch}`, node_id: `REF_${sha}`, url: `${base}/refs/heads/${branch}`, object: { type: 'commit', sha, url: `${base}/commits/${sha}` } });
}

/** `GET .../git/commits/{sha}` (https://docs.github.com/rest/git/commits#get-a-commit-object): tree, message, parents. */
export const getCommit: Route = async (req, m, ctx, repo) => {
  const denied = need(ctx, repo, 'contents', 'read');
  if (denied) return denied;
  const sha = m[1]!;
  const c = await readCommitObject(repo.dir, sha);
  if (!c) return ghError(404, 'Not Found');
  const base = `${ctx.origins.api}/repos/${repo.owner}/${repo.name}/git`;
  const html = (s: string): string => `${ctx.origins.web}/${repo.owner}/${repo.name}/commit/${s}`;
  return ghJson(req, 200, {
    sha, node_id: `C_${sha}`, url: `${base}/commits/${sha}`, html_url: html(sha),
    author: c.author, committer: c.committer, message: c.message,
    tree: { sha: c.tree, url: `${base}/trees/${c.tree}` },
    parents: c.parents.map((p) => ({ sha: p, url: `${base}/commits/${p}`, html_url: html(p) })),
    verification: { verified: false, reason: 'unsigned', signature: null, payload: null, verified_at: null },
  }, {}, c.committer.date);
};

/** `GET .../git/trees/{sha}?recursive=1`: a tree or commit SHA; entries with `size` for blobs. */
export const getTree: Route = (req, m, ctx, repo) => need(ctx, repo, 'contents', 'read') ?? treeAnswer(req, ctx, repo, m[1]!);

/** The answer for the tree of `treeish`, a tree or commit SHA (also by branch name, rest-git.ts). */
export async function treeAnswer(req: Request, ctx: RouteContext, repo: Repo, treeish: string): Promise<Response> {
  const tree = await treeOf(repo.dir, treeish);
  if (!tree) return ghError(404, 'Not Found');
  const recursive = ['1', 'true'].includes(new URL(req.url).searchParams.get('recursive') ?? '');
  const base = `${ctx.origins.api}/repos/${repo.owner}/${repo.name}/git`;
  const entries = ((await listTree(repo.dir, tree, recursive)) ?? []).map((e) => ({
    path: e.path, mode: e.mode, type: e.type, sha: e.sha, ...(e.size !== undefined ? { size: e.size } : {}), url: `${base}/${e.type === 'tree' ? 'trees' : 'blobs'}/${e.sha}`,
  }));
  return ghJson(req, 200, { sha: tree, url: `${base}/trees/${tree}`, tree: entries, truncated: false });
}

function page(o: Origins, repo: Repo): Record<string, unknown> {
  return {
    url: `${o.api}/repos/${repo.owner}/${repo.name}/pages`, status: 'built', cname: repo.pages?.cname ?? null, custom_404: false, public: true,
    html_url: `${o.pages}/${repo.owner}/${repo.name}/`, build_type: repo.pages?.buildType ?? 'workflow', https_enforced: true,
  };
}

/** `GET .../pages` (Pages: read); 404 when Pages is off. */
export const getPages: Route = (req, _m, ctx, repo) => {
  const denied = need(ctx, repo, 'pages', 'read');
  if (denied) return denied;
  return repo.pages ? ghJson(req, 200, page(ctx.origins, repo)) : ghError(404, 'Not Found');
};

/** `POST .../pages` `{build_type: "workflow"}`: Pages: write and Administration: write; 409 when it exists. */
export const createPages: Route = async (req, _m, ctx, repo) => {
  const denied = need(ctx, repo, 'pages', 'write') ?? need(ctx, repo, 'administration', 'write');
  if (denied) return denied;
  const body = await jsonBody(req);
  if (!body || (body.build_type !== 'workflow' && body.build_type !== 'legacy')) return ghError(422, 'Invalid request.\n\n"build_type" must be "workflow" or "legacy".');
  if (repo.pages) return ghError(409, 'GitHub Pages is already enabled.');
  repo.pages = { buildType: body.build_type, createdAt: ghTime() };
  return ghJson(req, 201, page(ctx.origins, repo));
};

/** Whether a caller may read the repository at all (GitHub answers 404 otherwise, to hide it). */
export function visible(ctx: Parameters<Route>[2], repo: Repo): boolean {
  return allows(ctx.token, repo, 'metadata', 'read');
}

/** Route table rows, matched against the path after `/repos/{o}/{r}`. */
export const REPO_ROUTES: [string, RegExp, Route][] = [
  ['GET', /^$/, getRepo],
  ['GET', /^\/contents(?:\/(.*))?$/, getContents],
  ['PUT', /^\/contents\/(.+)$/, putContents],
  ['GET', /^\/git\/ref\/heads\/(.+)$/, getRef],
  ['GET', /^\/git\/trees\/([0-9a-f]{40})$/, getTree],
  ['GET', /^\/git\/commits\/([0-9a-f]{40})$/, getCommit],
  ['GET', /^\/pages$/, getPages],
  ['POST', /^\/pages$/, createPages],
];
