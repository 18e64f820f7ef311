/**
 * Pipelines (https://docs.gitlab.com/api/pipelines/): `GET /pipelines` (newest first, paginated,
 * filtered by `status`, `source` and `ref` as documented; `name` in each, GitLab 15.11+; `duration`,
 * the seconds it ran, which is what compute minutes bill: https://docs.gitlab.com/ci/pipelines/compute_minutes/) and
 * `GET /pipelines/:pipeline_id`, readable by anyone who can read a public project, with `started_at`
 * and `finished_at` (and `duration` on a single pipeline); the list filters by `source` and `status`; `POST /pipelines/:pipeline_id/cancel` (Developer+, the `update_pipeline`
 * permission) cancels its jobs and answers 200 with the pipeline, whatever its state
 * (https://docs.gitlab.com/api/pipelines/#cancel-a-pipelines-jobs; GitLab's lib/api/ci/pipelines.rb
 * sets `status 200`).
 */
import { canRead, hasRole } from './access.ts';
import { str, type RouteContext } from './context.ts';
import { E, ok, paginate } from './reply.ts';
import type { Pipeline } from './state.ts';

/** The pipeline as the API shows it. */
export function pipelineJson(p: Pipeline, origin: string, path: string, projectId: number): Record<string, unknown> {
  return {
    id: p.id, iid: p.iid, project_id: projectId, sha: p.sha, ref: p.ref, status: p.status, source: p.source,
    name: p.name ?? null,
    created_at: p.created_at, updated_at: p.updated_at, started_at: p.started_at, finished_at: p.finished_at,
    duration: p.started_at && p.finished_at ? Math.max(0, Math.round((Date.parse(p.finished_at) - Date.parse(p.started_at)) / 1000)) : null,
    web_url: `${origin}/${path}/-/pipelines/${p.id}`,
  };
}

const seconds = (from: string | null, to: string | null): number | null => (from && to ? Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 1000)) : null);

/**
 * A single pipeline also has `duration` (seconds running, null before it finishes) and
 * `queued_duration` (seconds waiting for a runner), https://docs.gitlab.com/api/pipelines/#get-a-single-pipeline.
 */
export function pipelineDetailJson(p: Pipeline, origin: string, path: string, projectId: number): Record<string, unknown> {
  return { ...pipelineJson(p, origin, path, projectId), duration: p.finished_at ? seconds(p.started_at, p.finished_at) : null, queued_duration: seconds(p.created_at, p.started_at) };
}

/** `/projects/:id/pipelines[/:id[/cancel]]`. */
export async function pipelinesRoute(ctx: RouteContext): Promise<Response | undefined> {
  const [head, id, extra] = ctx.rest;
  if (head === 'pipelines' && id !== undefined && extra === 'cancel' && ctx.rest.length === 3 && ctx.req.method === 'POST') return cancel(ctx, id);
  if (head !== 'pipelines' || extra !== undefined || ctx.req.method !== 'GET') return undefined;
  if (ctx.caller.kind === 'invalid') return E.unauthorized();
  if (!canRead(ctx.state, ctx.caller)) return E.notFound('Project');
  const p = ctx.state.project;
  const show = (x: Pipeline) => pipelineJson(x, ctx.origin, p.path, p.id);
  // `source` and `status` filter the list (https://docs.gitlab.com/api/pipelines/#list-project-pipelines).
  const source = str(ctx.params, 'source');
  const status = str(ctx.params, 'status');
  const ref = str(ctx.params, 'ref');
  const listed = [...p.pipelines].reverse().filter((x) => (source === undefined || x.source === source) && (status === undefined || x.status === status) && (ref === undefined || x.ref === ref));
  if (id === undefined) return paginate(ctx.req, listed.map(show));
  const found = p.pipelines.find((x) => String(x.id) === id);
  return found ? ok(pipelineDetailJson(found, ctx.origin, p.path, p.id)) : E.notFound();
}

async function cancel(ctx: RouteContext, id: string): Promise<Response> {
  if (ctx.caller.kind !== 'user') return E.unauthorized();
  if (!hasRole(ctx.caller, 'developer')) return E.forbidden();
  const p = ctx.state.project;
  const found = p.pipelines.find((x) => String(x.id) === id);
  if (!found) return E.notFound();
  await ctx.cancelPipeline(found);
  return ok(pipelineJson(found, ctx.origin, p.path, p.id));
}
