/**
 * Pipelines and their jobs (https://docs.gitlab.com/api/pipelines/, https://docs.gitlab.com/api/jobs/),
 * readable by anyone who can read a public project:
 * - `GET /pipelines` (newest first, paginated; `scope`, `status`, `source`, `ref` filters) and
 *   `GET /pipelines/:pipeline_id` with `user`, `detailed_status`, `started_at`, `finished_at`,
 *   `duration`, `queued_duration` (the single pipeline's fields in pipelines.md);
 * - `POST /pipelines/:pipeline_id/cancel` (Developer+, the `update_pipeline` permission) cancels its
 *   jobs and answers 200 with the pipeline, whatever its state (GitLab's lib/api/ci/pipelines.rb sets `status 200`);
 * - `GET /pipelines/:pipeline_id/jobs`, `GET /jobs` (newest first; `scope[]` filters by status; keyset
 *   pagination with `pagination=keyset&order_by=id&sort=desc`, the cursor being the last job's id),
 *   `GET /jobs/:job_id`, `GET /jobs/:job_id/trace` (plain text): the jobs of finished pipelines (jobs.ts).
 */
import { canRead, hasRole } from './access.ts';
import { str, type RouteContext } from './context.ts';
import { E, keysetPage, ok, paginate } from './reply.ts';
import type { GitlabState, Job, Pipeline } from './state.ts';

const STATUS_TEXT: Record<Pipeline['status'], [icon: string, text: string]> = {
  created: ['status_created', 'created'], pending: ['status_pending', 'pending'], running: ['status_running', 'running'],
  success: ['status_success', 'passed'], failed: ['status_failed', 'failed'], canceled: ['status_canceled', 'canceled'],
};

/** `detailed_status` as pipelines.md shows it (`"text": "passed"` for success). */
export function detailedStatus(status: Pipeline['status'], detailsPath: string): Record<string, unknown> {
  const [icon, text] = STATUS_TEXT[status];
  return { icon, text, label: text, group: status, tooltip: text, has_details: true, details_path: detailsPath, illustration: null, favicon: `/assets/ci_favicons/favicon_${icon}.png` };
}

function userJson(state: GitlabState, id: number | undefined, origin: string): Record<string, unknown> | null {
  const u = state.users.find((x) => x.id === (id ?? 1));
  return u ? { id: u.id, username: u.username, name: u.name, state: u.state, avatar_url: null, web_url: `${origin}/${u.username}` } : null;
}

const seconds = (from: string | null, to: string | null): number | null =>
  from && to ? Math.round((Date.parse(to) - Date.parse(from)) / 1000) : null;

/** The pipeline as the API shows it (`GET /pipelines/:id`, the trigger's answer). */
export function pipelineJson(p: Pipeline, origin: string, path: string, projectId: number, state?: GitlabState): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: p.id, iid: p.iid, project_id: projectId, sha: p.sha, ref: p.ref, status: p.status, source: p.source,
    // `workflow:name` with its inputs (GitLab 15.11+), which sessions read.
    name: p.name ?? null,
    created_at: p.created_at, updated_at: p.updated_at, started_at: p.started_at, finished_at: p.finished_at,
    web_url: `${origin}/${path}/-/pipelines/${p.id}`,
  };
  if (state) {
    Object.assign(out, {
      before_sha: '0000000000000000000000000000000000000000', tag: false, yaml_errors: null, committed_at: null,
      user: userJson(state, p.userId, origin), duration: seconds(p.started_at, p.finished_at), queued_duration: seconds(p.created_at, p.started_at ?? p.finished_at),
      coverage: null, archived: false, detailed_status: detailedStatus(p.status, `/${path}/-/pipelines/${p.id}`),
    });
  }
  return out;
}

function jobJson(j: Job, p: Pipeline, ctx: RouteContext): Record<string, unknown> {
  const proj = ctx.state.project;
  return {
    id: j.id, name: j.name, stage: j.stage, status: j.status, ref: p.ref, tag: false, coverage: null, allow_failure: false,
    created_at: p.created_at, started_at: j.started_at, finished_at: j.finished_at, erased_at: null,
    duration: seconds(j.started_at, j.finished_at), queued_duration: seconds(p.created_at, p.started_at),
    user: userJson(ctx.state, p.userId, ctx.origin), commit: { id: p.sha, short_id: p.sha.slice(0, 8) },
    pipeline: { id: p.id, project_id: proj.id, ref: p.ref, sha: p.sha, status: p.status },
    web_url: `${ctx.origin}/${proj.path}/-/jobs/${j.id}`, project: { ci_job_token_scope_enabled: false },
    artifacts: [], artifacts_expire_at: null, runner: null, tag_list: [], archived: false,
    ...(j.status === 'failed' ? { failure_reason: 'script_failure' } : {}),
  };
}

function scopeFilter(req: Request): (j: Job) => boolean {
  const url = new URL(req.url);
  const scopes = [...url.searchParams.getAll('scope[]'), ...url.searchParams.getAll('scope')];
  return (j) => scopes.length === 0 || scopes.includes(j.status);
}

/** `/projects/:id/pipelines[...]` and `/projects/:id/jobs[...]`. */
export async function pipelinesRoute(ctx: RouteContext): Promise<Response | undefined> {
  const [head, id, extra] = ctx.rest;
  if (head === 'pipelines' && id !== undefined && extra === 'cancel' && ctx.rest.length === 3 && ctx.req.method === 'POST') return cancel(ctx, id);
  if ((head !== 'pipelines' && head !== 'jobs') || ctx.req.method !== 'GET' || ctx.rest.length > 3) return undefined;
  if (ctx.caller.kind === 'invalid') return E.unauthorized();
  if (!canRead(ctx.state, ctx.caller)) return E.notFound('Project');
  const p = ctx.state.project;
  const newest = [...p.pipelines].reverse();
  if (head === 'jobs') {
    const all = newest.flatMap((x) => (x.jobRecords ?? []).map((j) => ({ j, x }))).sort((a, b) => b.j.id - a.j.id);
    const listed = all.filter(({ j }) => scopeFilter(ctx.req)(j)).map(({ j, x }) => jobJson(j, x, ctx));
    // Keyset pagination for project jobs: order_by=id, sort=desc only (doc/api/rest/_index.md).
    const keyed = (v: Record<string, unknown>) => String(v.id).padStart(12, '0');
    if (id === undefined && str(ctx.params, 'pagination') === 'keyset') return keysetPage(ctx.req, listed, keyed, 'cursor', true);
    if (id === undefined) return paginate(ctx.req, listed);
    const found = all.find(({ j }) => String(j.id) === id);
    if (!found) return E.notFound();
    if (extra === undefined) return ok(jobJson(found.j, found.x, ctx));
    if (extra === 'trace') return new Response(found.j.trace, { status: 200, headers: { 'content-type': 'text/plain; charset=utf-8' } });
    return undefined;
  }
  if (id === undefined) {
    const q = new URL(ctx.req.url).searchParams;
    const keep = (x: Pipeline) => (['status', 'source', 'ref'] as const).every((k) => !q.get(k) || q.get(k) === x[k]);
    return paginate(ctx.req, newest.filter(keep).map((x) => pipelineJson(x, ctx.origin, p.path, p.id)));
  }
  const found = p.pipelines.find((x) => String(x.id) === id);
  if (!found) return E.notFound();
  if (extra === undefined) return ok(pipelineJson(found, ctx.origin, p.path, p.id, ctx.state));
  if (extra === 'jobs') return paginate(ctx.req, (found.jobRecords ?? []).filter(scopeFilter(ctx.req)).map((j) => jobJson(j, found, ctx)));
  return undefined;
}

async function cancel(ctx: RouteContext, id: string): Promise<Response> {
  if (ctx.caller.kind !== 'user') return E.unauthorized();
  if (!hasRole(ctx.caller, 'developer')) return E.forbidden();
  const p = ctx.state.project;
  const found = p.pipelines.find((x) => String(x.id) === id);
  if (!found) return E.notFound();
  await ctx.cancelPipeline(found);
  return ok(pipelineJson(found, ctx.origin, p.path, p.id, ctx.state));
}
