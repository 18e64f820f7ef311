/**
 * Repository reads and file commits (https://docs.gitlab.com/api/repository_files/,
 * https://docs.gitlab.com/api/branches/, https://docs.gitlab.com/api/repositories/#list-repository-tree).
 * - `GET /repository/files/:path/raw?ref=` (ref defaults to the default branch), `HEAD` and `GET
 *   /repository/files/:path?ref=` with the `X-Gitlab-*` headers; no ETag of its own.
 * - `POST` / `PUT /repository/files/:path` (branch, content, commit_message, encoding text|base64):
 *   Developer+; create refuses an existing file, update a missing one. A commit on the default branch
 *   starts a `push` pipeline.
 * - `DELETE /repository/files/:path` (branch, commit_message): Developer+, 204.
 * - `GET /repository/branches[/:branch]` → `commit.id`; `POST /repository/branches` (branch, ref;
 *   201; "Branch already exists", "Invalid reference name: …", "Branch name is invalid"),
 *   `DELETE /repository/branches/:branch` (204; the default branch: 405 "The default branch of a
 *   project cannot be deleted."), Developer+.
 * - `GET /repository/tree?ref=&path=&recursive=` (offset or keyset pagination, `per_page` ≤ 100).
 */
import { createHash } from 'node:crypto';
import { canRead, hasRole } from './access.ts';
import { bool, str, type RouteContext } from './context.ts';
import { E, gitlabError, grapeError, keysetPage, ok, paginate } from './reply.ts';

function fileHeaders(path: string, ref: string, f: { bytes: Buffer; blobId: string; commitId: string }): Record<string, string> {
  return {
    'x-gitlab-blob-id': f.blobId, 'x-gitlab-commit-id': f.commitId, 'x-gitlab-last-commit-id': f.commitId,
    'x-gitlab-content-sha256': createHash('sha256').update(f.bytes).digest('hex'), 'x-gitlab-encoding': 'base64',
    'x-gitlab-file-name': path.split('/').at(-1)!, 'x-gitlab-file-path': path, 'x-gitlab-ref': ref, 'x-gitlab-size': String(f.bytes.length),
  };
}

async function readFile(ctx: RouteContext, path: string, raw: boolean): Promise<Response> {
  const ref = str(ctx.params, 'ref') ?? (raw ? ctx.state.project.default_branch : undefined);
  if (!ref) return E.badRequest('ref is missing');
  const f = await ctx.repo.read(ref, path);
  if (!f) return E.notFound('File');
  const headers = fileHeaders(path, ref, f);
  if (ctx.req.method === 'HEAD') return new Response(null, { status: 200, headers });
  if (raw) return new Response(new Uint8Array(f.bytes), { status: 200, headers: { ...headers, 'content-type': 'text/plain; charset=utf-8' } });
  return ok({
    file_name: headers['x-gitlab-file-name'], file_path: path, size: f.bytes.length, encoding: 'base64', content: f.bytes.toString('base64'),
    content_sha256: headers['x-gitlab-content-sha256'], ref, blob_id: f.blobId, commit_id: f.commitId, last_commit_id: f.commitId,
  }, 200, headers);
}

async function deleteFile(ctx: RouteContext, path: string): Promise<Response> {
  if (!hasRole(ctx.caller, 'developer') || ctx.caller.kind !== 'user') return E.forbidden();
  const [branch, message] = [str(ctx.params, 'branch'), str(ctx.params, 'commit_message')];
  if (!branch || !message) return grapeError([!branch && 'branch is missing', !message && 'commit_message is missing'].filter(Boolean).join(', '));
  if (!(await ctx.repo.resolve(branch))) return E.badRequest('You can only create or edit files when you are on a branch');
  if ((await ctx.repo.read(branch, path)) === undefined) return E.badRequest('A file with this name doesn\'t exist');
  const u = ctx.caller.user;
  await ctx.repo.commitFile(branch, path, null, message, { name: u.name, email: `${u.username}@users.noreply.gitlab.local` });
  if (branch === ctx.state.project.default_branch) await ctx.startPipeline('push', branch, {});
  return new Response(null, { status: 204 });
}

async function branchWrite(ctx: RouteContext, name: string | undefined): Promise<Response | undefined> {
  if (!hasRole(ctx.caller, 'developer') || ctx.caller.kind !== 'user') return E.forbidden();
  const p = ctx.state.project;
  if (ctx.req.method === 'DELETE' && name !== undefined) {
    if (name === p.default_branch) return gitlabError(405, 'The default branch of a project cannot be deleted.');
    if (!(await ctx.repo.branches()).some((b) => b.name === name)) return gitlabError(404, '404 Branch Not Found');
    await ctx.repo.deleteBranch(name);
    return new Response(null, { status: 204 });
  }
  if (ctx.req.method !== 'POST' || name !== undefined) return undefined;
  const [branch, ref] = [str(ctx.params, 'branch'), str(ctx.params, 'ref')];
  if (!branch || !ref) return grapeError([!branch && 'branch is missing', !ref && 'ref is missing'].filter(Boolean).join(', '));
  const sha = await ctx.repo.resolve(ref);
  if (!sha) return E.badRequest(`Invalid reference name: ${ref}`);
  if ((await ctx.repo.branches()).some((b) => b.name === branch)) return E.badRequest('Branch already exists');
  if (!(await ctx.repo.createBranch(branch, sha))) return E.badRequest('Branch name is invalid');
  return ok(branchJson(ctx, { name: branch, sha }), 201);
}

function branchJson(ctx: RouteContext, b: { name: string; sha: string }): Record<string, unknown> {
  const p = ctx.state.project;
  return {
    name: b.name, merged: false, protected: b.name === p.default_branch, default: b.name === p.default_branch,
    developers_can_push: false, developers_can_merge: false, can_push: true,
    commit: { id: b.sha, short_id: b.sha.slice(0, 8) }, web_url: `${ctx.origin}/${p.path}/-/tree/${b.name}`,
  };
}

async function writeFile(ctx: RouteContext, path: string, create: boolean): Promise<Response> {
  if (!hasRole(ctx.caller, 'developer') || ctx.caller.kind !== 'user') return E.forbidden();
  const branch = str(ctx.params, 'branch');
  const message = str(ctx.params, 'commit_message');
  const content = str(ctx.params, 'content');
  const missing = [['branch', branch], ['content', content], ['commit_message', message]].filter(([, v]) => v === undefined || v === '').map(([k]) => `${k} is missing`);
  if (!branch || !message || content === undefined) return grapeError(missing.join(', '));
  if (!(await ctx.repo.resolve(branch))) return E.badRequest('You can only create or edit files when you are on a branch');
  const exists = (await ctx.repo.read(branch, path)) !== undefined;
  if (create && exists) return E.badRequest('A file with this name already exists');
  if (!create && !exists) return E.badRequest('A file with this name doesn\'t exist');
  const bytes = str(ctx.params, 'encoding') === 'base64' ? Buffer.from(content, 'base64') : Buffer.from(content, 'utf8');
  const u = ctx.caller.user;
  await ctx.repo.commitFile(branch, path, bytes, message, { name: u.name, email: `${u.username}@users.noreply.gitlab.local` });
  if (branch === ctx.state.project.default_branch) await ctx.startPipeline('push', branch, {});
  return ok({ file_path: path, branch }, create ? 201 : 200);
}

/** `/projects/:id/repository/...`. */
export async function repoRoute(ctx: RouteContext): Promise<Response | undefined> {
  const [head, kind, name, raw] = ctx.rest;
  if (head !== 'repository') return undefined;
  if (ctx.caller.kind === 'invalid') return E.unauthorized();
  if (!canRead(ctx.state, ctx.caller)) return E.notFound('Project');
  const method = ctx.req.method;
  if (kind === 'files' && name !== undefined) {
    if ((method === 'GET' || method === 'HEAD') && (raw === undefined || raw === 'raw')) return readFile(ctx, name, raw === 'raw');
    if (raw === undefined && (method === 'POST' || method === 'PUT')) return writeFile(ctx, name, method === 'POST');
    if (raw === undefined && method === 'DELETE') return deleteFile(ctx, name);
    return undefined;
  }
  if (kind === 'branches' && (method === 'POST' || method === 'DELETE') && raw === undefined) return branchWrite(ctx, name);
  if (kind === 'branches' && method === 'GET') {
    const branches = (await ctx.repo.branches()).map((b) => branchJson(ctx, b));
    if (name === undefined) return paginate(ctx.req, branches);
    const found = branches.find((b) => b.name === name);
    return found ? ok(found) : gitlabError(404, '404 Branch Not Found');
  }
  if (kind === 'tree' && name === undefined && method === 'GET') {
    const ref = str(ctx.params, 'ref') ?? ctx.state.project.default_branch;
    const path = (str(ctx.params, 'path') ?? '').replace(/\/+$/, '');
    const entries = await ctx.repo.tree(ref, path, bool(ctx.params, 'recursive') === true);
    if (!entries) return gitlabError(404, '404 Tree Not Found');
    // Entries are sorted by path: the keyset cursor is the last path sent.
    if (str(ctx.params, 'pagination') === 'keyset') return keysetPage(ctx.req, entries, (e) => e.path);
    return paginate(ctx.req, entries);
  }
  return undefined;
}
