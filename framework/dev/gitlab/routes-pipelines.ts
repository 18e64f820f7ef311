/**
 * Pipelines, read-only (https://docs.gitlab.com/api/pipelines/): `GET /pipelines` (newest first,
 * paginated) and `GET /pipelines/:pipeline_id`. Readable by anyone who can read a public project.
 */
import { canRead } from './access.ts';
import type { RouteContext } from './context.ts';
import { E, ok, paginate } from './reply.ts';
import type { Pipeline } from './state.ts';

/** The pipeline as the API shows it. */
export function pipelineJson(p: Pipeline, origin: string, path: string, projectId: number): Record<string, unknown> {
  return {
    id: p.id, iid: p.iid, project_id: projectId, sha: p.sha, ref: p.ref, status: p.status, source: p.source,
    created_at: p.created_at, updated_at: p.updated_at, web_url: `${origin}/${path}/-/pipelines/${p.id}`,
  };
}

/** `/projects/:id/pipelines[/:id]`. */
export function pipelinesRoute(ctx: RouteContext): Response | undefined {
  const [head, id, extra] = ctx.rest;
  if (head !== 'pipelines' || extra !== undefined || ctx.req.method !== 'GET') return undefined;
  if (ctx.caller.kind === 'invalid') return E.unauthorized();
  if (!canRead(ctx.state, ctx.caller)) return E.notFound('Project');
  const p = ctx.state.project;
  const show = (x: Pipeline) => pipelineJson(x, ctx.origin, p.path, p.id);
  if (id === undefined) return paginate(ctx.req, [...p.pipelines].reverse().map(show));
  const found = p.pipelines.find((x) => String(x.id) === id);
  return found ? ok(show(found)) : E.notFound();
}
