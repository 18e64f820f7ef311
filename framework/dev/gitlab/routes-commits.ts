/**
 * Commits (https://docs.gitlab.com/api/commits/#get-a-single-commit, read 2026-12-07):
 * `GET /projects/:id/repository/commits/:sha` with a commit SHA, branch or tag name. The answer is the
 * commit entity: `id`, `short_id`, `title` (the first line), `message` (the whole message),
 * `parent_ids`, author and committer names, emails and dates, `created_at` (always `committed_date`),
 * `web_url`, and `stats` unless `stats=false`. It names no tree. Unknown: 404 "404 Commit Not Found".
 * Readable by whoever can read the repository (public projects: anyone).
 */
import { canRead } from './access.ts';
import { bool, type RouteContext } from './context.ts';
import { E, ok } from './reply.ts';

/** `/projects/:id/repository/commits/:sha`. */
export async function commitsRoute(ctx: RouteContext): Promise<Response | undefined> {
  const [head, kind, sha, more] = ctx.rest;
  if (head !== 'repository' || kind !== 'commits' || sha === undefined || more !== undefined || ctx.req.method !== 'GET') return undefined;
  if (ctx.caller.kind === 'invalid') return E.unauthorized();
  if (!canRead(ctx.state, ctx.caller)) return E.notFound('Project');
  const c = await ctx.repo.commit(sha);
  if (!c) return E.notFound('Commit');
  const body: Record<string, unknown> = {
    id: c.id, short_id: c.id.slice(0, 8), created_at: c.committer.date, parent_ids: c.parents,
    title: c.message.split('\n', 1)[0], message: c.message,
    author_name: c.author.name, author_email: c.author.email, authored_date: c.author.date,
    committer_name: c.committer.name, committer_email: c.committer.email, committed_date: c.committer.date,
    trailers: {}, extended_trailers: {}, web_url: `${ctx.origin}/${ctx.state.project.path}/-/commit/${c.id}`,
  };
  if (bool(ctx.params, 'stats') !== false) {
    const { additions, deletions } = await ctx.repo.commitStats(c.id);
    body.stats = { additions, deletions, total: additions + deletions };
  }
  body.status = null;
  return ok(body);
}
