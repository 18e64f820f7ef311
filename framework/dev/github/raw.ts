/**
 * The files behind a contents answer's `download_url` in the GitHub double (a test double, not
 * GitHub): `GET /raw/{owner}/{repo}/{ref}/{path}` on the double's web origin, the file's bytes at a
 * branch or commit. GitHub serves these from raw.githubusercontent.com (GitHub Enterprise Server from
 * `/raw/` on its own host, or a `raw.` subdomain with subdomain isolation), and for a private
 * repository adds a short-lived `token` to the URL
 * (https://docs.github.com/en/rest/repos/contents#get-repository-content: "download_url" … "Download
 * URLs expire and are meant to be used just once"). The double serves public repositories to anyone
 * and private ones to a token with Contents: read (an `Authorization` header or `?token=`).
 */
import { allows, type GithubState } from './state.ts';
import { entryAt, readBlob, resolveCommit } from './repo-git.ts';

const text = (status: number, body: string): Response => new Response(`${body}\n`, { status, headers: { 'content-type': 'text/plain; charset=utf-8' } });

/** The answer for `url`, or undefined when it is not a raw path. */
export async function serveRaw(state: GithubState, req: Request): Promise<Response | undefined> {
  const url = new URL(req.url);
  const m = /^\/raw\/([^/]+)\/([^/]+)\/([^/]+)\/(.+)$/.exec(url.pathname);
  if (!m) return undefined;
  const repo = state.repos.get(`${m[1]}/${m[2]}`.toLowerCase());
  const raw = /^(?:bearer|token)\s+(\S+)$/i.exec(req.headers.get('authorization') ?? '')?.[1] ?? url.searchParams.get('token') ?? undefined;
  const token = raw === undefined ? undefined : state.tokens.get(raw);
  if (!repo || !allows(token, repo, 'contents', 'read')) return text(404, '404: Not Found');
  const commit = await resolveCommit(repo.dir, decodeURIComponent(m[3]!));
  const entry = commit ? await entryAt(repo.dir, commit, decodeURIComponent(m[4]!)) : undefined;
  if (!entry || entry.type !== 'blob') return text(404, '404: Not Found');
  return new Response(new Uint8Array(await readBlob(repo.dir, entry.sha)), { status: 200, headers: { 'content-type': 'text/plain; charset=utf-8', etag: `"${entry.sha}"`, 'x-content-type-options': 'nosniff' } });
}
