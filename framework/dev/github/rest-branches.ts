/**
 * Branches and commits of the GitHub double (a test double, not GitHub), as `gh`, Octokit and a user
 * looking at the data branch read them: `GET /branches`, `GET /branches/{branch}`
 * (https://docs.github.com/en/rest/branches/branches), `GET /commits` (`sha` = a branch or SHA to
 * start from, `path`, `per_page`/`page`) and `GET /commits/{ref}` (a SHA or branch name, with its
 * changed `files`; https://docs.github.com/en/rest/commits/commits). The double has no branch
 * protection (`protected: false`). Contents: read, or a public repository.
 */
import { execFile } from 'node:child_process';
import { need, type Route, type RouteContext } from './context.ts';
import { readCommitObject, resolveCommit } from './repo-git.ts';
import { ghError, ghJson, paginate } from './respond.ts';
import { user } from './shapes.ts';
import type { Repo } from './state.ts';

const git = (dir: string, args: string[]): Promise<string | undefined> =>
  new Promise((ok) => execFile('git', ['-C', dir, ...args], { maxBuffer: 64 * 1024 * 1024 }, (err, out) => ok(err ? undefined : String(out))));

async function branches(repo: Repo): Promise<{ name: string; sha: string }[]> {
  const out = (await git(repo.dir, ['for-each-ref', '--format=%(refname:strip=2) %(objectname)', 'refs/heads'])) ?? '';
  return out.split('\n').filter(Boolean).map((l) => ({ name: l.slice(0, l.lastIndexOf(' ')), sha: l.slice(l.lastIndexOf(' ') + 1) }));
}

/** A `commit` (the REST commits API's shape, not the git-database one). */
async function commitJson(ctx: RouteContext, repo: Repo, sha: string, withFiles: boolean): Promise<Record<string, unknown> | undefined> {
  const c = await readCommitObject(repo.dir, sha);
  if (!c) return undefined;
  const api = `${ctx.origins.api}/repos/${repo.owner}/${repo.name}`;
  const html = (s: string): string => `${ctx.origins.web}/${repo.owner}/${repo.name}/commit/${s}`;
  const out: Record<string, unknown> = {
    url: `${api}/commits/${sha}`, sha, node_id: `C_${sha}`, html_url: html(sha), comments_url: `${api}/commits/${sha}/comments`,
    commit: {
      url: `${api}/git/commits/${sha}`, author: c.author, committer: c.committer, message: c.message.replace(/\n$/, ''), comment_count: 0,
      tree: { sha: c.tree, url: `${api}/git/trees/${c.tree}` }, verification: { verified: false, reason: 'unsigned', signature: null, payload: null, verified_at: null },
    },
    author: user(ctx.origins, repo.owner), committer: user(ctx.origins, repo.owner),
    parents: c.parents.map((p) => ({ sha: p, url: `${api}/commits/${p}`, html_url: html(p) })),
  };
  if (withFiles) {
    const diff = (await git(repo.dir, ['diff-tree', '--root', '--no-commit-id', '-r', '--numstat', sha])) ?? '';
    const files = diff.split('\n').filter(Boolean).map((l) => {
      const [add, del, filename] = l.split('\t') as [string, string, string];
      const additions = Number(add) || 0;
      const deletions = Number(del) || 0;
      return { sha: null, filename, status: 'modified', additions, deletions, changes: additions + deletions, blob_url: `${ctx.origins.web}/${repo.owner}/${repo.name}/blob/${sha}/${filename}`, raw_url: `${ctx.origins.web}/${repo.owner}/${repo.name}/raw/${sha}/${filename}`, contents_url: `${api}/contents/${filename}?ref=${sha}` };
    });
    out.files = files;
    out.stats = { additions: files.reduce((n, f) => n + f.additions, 0), deletions: files.reduce((n, f) => n + f.deletions, 0), total: files.reduce((n, f) => n + f.changes, 0) };
  }
  return out;
}

/** `GET .../branches` */
export const listBranches: Route = async (req, _m, ctx, repo) => {
  const denied = need(ctx, repo, 'contents', 'read');
  if (denied) return denied;
  const api = `${ctx.origins.api}/repos/${repo.owner}/${repo.name}`;
  const all = (await branches(repo)).map((b) => ({ name: b.name, commit: { sha: b.sha, url: `${api}/commits/${b.sha}` }, protected: false }));
  const { page, link } = paginate(req, all);
  return ghJson(req, 200, page, link ? { link } : {});
};

/** `GET .../branches/{branch}` */
export const getBranch: Route = async (req, m, ctx, repo) => {
  const denied = need(ctx, repo, 'contents', 'read');
  if (denied) return denied;
  const name = decodeURIComponent(m[1]!);
  const sha = (await branches(repo)).find((b) => b.name === name)?.sha;
  const commit = sha ? await commitJson(ctx, repo, sha, false) : undefined;
  if (!commit) return ghError(404, 'Branch not found');
  const api = `${ctx.origins.api}/repos/${repo.owner}/${repo.name}`;
  return ghJson(req, 200, {
    name, commit, protected: false, protection: { enabled: false, required_status_checks: { enforcement_level: 'off', contexts: [], checks: [] } },
    protection_url: `${api}/branches/${name}/protection`, _links: { self: `${api}/branches/${name}`, html: `${ctx.origins.web}/${repo.owner}/${repo.name}/tree/${name}` },
  });
};

/** `GET .../commits?sha=&path=`: newest first, paged. */
export const listCommits: Route = async (req, _m, ctx, repo) => {
  const denied = need(ctx, repo, 'contents', 'read');
  if (denied) return denied;
  const q = new URL(req.url).searchParams;
  const start = await resolveCommit(repo.dir, q.get('sha') ?? repo.defaultBranch);
  if (!start) return q.get('sha') ? ghError(404, `No commit found for SHA: ${q.get('sha')}`) : ghError(409, 'Git Repository is empty.');
  const path = q.get('path');
  const shas = ((await git(repo.dir, ['rev-list', start, ...(path ? ['--', path] : [])])) ?? '').split('\n').filter(Boolean);
  const { page, link } = paginate(req, shas);
  const body = await Promise.all(page.map((s) => commitJson(ctx, repo, s, false)));
  return ghJson(req, 200, body, link ? { link } : {});
};

/** `GET .../commits/{ref}`: a SHA or a branch name (`commits/data`), with its files. */
export const getCommitByRef: Route = async (req, m, ctx, repo) => {
  const denied = need(ctx, repo, 'contents', 'read');
  if (denied) return denied;
  const ref = decodeURIComponent(m[1]!);
  const sha = await resolveCommit(repo.dir, ref.replace(/^(refs\/)?heads\//, ''));
  const body = sha ? await commitJson(ctx, repo, sha, true) : undefined;
  return body ? ghJson(req, 200, body) : ghError(422, `No commit found for SHA: ${ref}`);
};

/** Route rows, matched against the path after `/repos/{o}/{r}`. */
export const BRANCHES_ROUTES: [string, RegExp, Route][] = [
  ['GET', /^\/branches$/, listBranches],
  ['GET', /^\/branches\/(.+)$/, getBranch],
  ['GET', /^\/commits$/, listCommits],
  ['GET', /^\/commits\/(.+)$/, getCommitByRef],
];
