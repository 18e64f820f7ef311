/**
 * Pipeline schedules (https://docs.gitlab.com/api/pipeline_schedules/), Maintainer+ here:
 * - `GET /pipeline_schedules` (paginated, no inputs), `GET /pipeline_schedules/:id` (with `inputs`
 *   and `variables`, inputs since 17.11 / GA 18.1), `POST` (description, ref, cron, cron_timezone,
 *   active, `inputs[]` of `{name, value}`), `PUT /:id` (an input with `_destroy: true` is removed),
 *   `DELETE /:id`, `POST /:id/play` (201 `{"message":"201 Created"}`), `POST /:id/take_ownership`.
 * - Only a schedule's owner edits it (`PUT`); a Maintainer may `take_ownership` first.
 * - A schedule whose owner is blocked or removed no longer runs (https://docs.gitlab.com/ci/pipelines/schedules/#troubleshooting).
 */
import { hasRole } from './access.ts';
import { bool, str, type RouteContext } from './context.ts';
import { E, ok, paginate } from './reply.ts';
import { now, type Schedule } from './state.ts';

function scheduleJson(s: Schedule, ctx: RouteContext, full: boolean): Record<string, unknown> {
  const owner = ctx.state.users.find((u) => u.id === s.ownerId);
  const out: Record<string, unknown> = {
    id: s.id, description: s.description, ref: s.ref, cron: s.cron, cron_timezone: s.cron_timezone, next_run_at: null,
    active: s.active, created_at: s.created_at, updated_at: s.updated_at,
    owner: owner ? { id: owner.id, username: owner.username, name: owner.name, state: owner.state } : null,
  };
  if (full) Object.assign(out, { inputs: s.inputs.map((i) => ({ ...i })), variables: [] });
  return out;
}

function inputsParam(v: unknown): { name: string; value: string; _destroy?: boolean }[] | 'invalid' | undefined {
  if (v === undefined) return undefined;
  if (!Array.isArray(v)) return 'invalid';
  const out: { name: string; value: string; _destroy?: boolean }[] = [];
  for (const x of v as unknown[]) {
    const o = x as { name?: unknown; value?: unknown; _destroy?: unknown };
    if (typeof o?.name !== 'string') return 'invalid';
    out.push({ name: o.name, value: typeof o.value === 'string' ? o.value : JSON.stringify(o.value ?? ''), _destroy: o._destroy === true || o._destroy === 'true' });
  }
  return out;
}

/** `/projects/:id/pipeline_schedules[...]`. */
export async function schedulesRoute(ctx: RouteContext): Promise<Response | undefined> {
  const [head, id, action] = ctx.rest;
  if (head !== 'pipeline_schedules') return undefined;
  if (!hasRole(ctx.caller, 'maintainer') || ctx.caller.kind !== 'user') return ctx.caller.kind === 'invalid' ? E.unauthorized() : E.forbidden();
  const list = ctx.state.project.schedules;
  const method = ctx.req.method;
  if (id === undefined && method === 'GET') return paginate(ctx.req, list.map((s) => scheduleJson(s, ctx, false)));
  if (id === undefined && method === 'POST') {
    const [description, ref, cron] = [str(ctx.params, 'description'), str(ctx.params, 'ref'), str(ctx.params, 'cron')];
    if (!description || !ref || !cron) return E.badRequest('description, ref, cron are missing, at least one parameter must be provided');
    const inputs = inputsParam(ctx.params.inputs);
    if (inputs === 'invalid') return E.badRequest('inputs is invalid');
    const s: Schedule = {
      id: ctx.state.nextId(), description, ref, cron, cron_timezone: str(ctx.params, 'cron_timezone') ?? 'UTC',
      active: bool(ctx.params, 'active') ?? true, ownerId: ctx.caller.user.id,
      inputs: (inputs ?? []).map(({ name, value }) => ({ name, value })), created_at: now(), updated_at: now(),
    };
    list.push(s);
    return ok(scheduleJson(s, ctx, true), 201);
  }
  const s = list.find((x) => String(x.id) === id);
  if (!s) return E.notFound('Pipeline Schedule');
  if (action === undefined && method === 'GET') return ok(scheduleJson(s, ctx, true));
  if (action === undefined && method === 'DELETE') {
    list.splice(list.indexOf(s), 1);
    return new Response(null, { status: 204 });
  }
  if (action === undefined && method === 'PUT') {
    // Only the schedule's owner (or an instance admin) may edit it; a Maintainer takes ownership first
    // (gitlab-org/gitlab app/policies/ci/pipeline_schedule_policy.rb: `update_pipeline_schedule` is
    // `admin | (owner_of_schedule & can?(:update_build))`; `lib/api/ci/pipeline_schedules.rb` authorizes the PUT with it).
    if (s.ownerId !== ctx.caller.user.id) return E.forbidden();
    const inputs = inputsParam(ctx.params.inputs);
    if (inputs === 'invalid') return E.badRequest('inputs is invalid');
    for (const name of ['description', 'ref', 'cron', 'cron_timezone'] as const) s[name] = str(ctx.params, name) ?? s[name];
    s.active = bool(ctx.params, 'active') ?? s.active;
    for (const i of inputs ?? []) {
      s.inputs = s.inputs.filter((x) => x.name !== i.name);
      if (!i._destroy) s.inputs.push({ name: i.name, value: i.value });
    }
    s.updated_at = now();
    return ok(scheduleJson(s, ctx, true));
  }
  if (action === 'take_ownership' && method === 'POST') {
    s.ownerId = ctx.caller.user.id;
    return ok(scheduleJson(s, ctx, true));
  }
  if (action === 'play' && method === 'POST') {
    await ctx.startPipeline('schedule', s.ref, Object.fromEntries(s.inputs.map((i) => [i.name, i.value])));
    return ok({ message: '201 Created' }, 201);
  }
  return undefined;
}
