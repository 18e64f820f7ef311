/**
 * Pipeline schedules (https://docs.gitlab.com/api/pipeline_schedules/), Maintainer+ here:
 * - `GET /pipeline_schedules` (paginated, no inputs), `GET /pipeline_schedules/:id` (with `inputs`
 *   and `variables`, inputs since 17.11 / GA 18.1), `POST` (description, ref, cron, cron_timezone,
 *   active, `inputs[]` of `{name, value}`), `PUT /:id` (an input with `destroy: true` is removed; a
 *   `value` is required otherwise, see inputsParam),
 *   `DELETE /:id`, `POST /:id/play` (201 `{"message":"201 Created"}`), `POST /:id/take_ownership`
 *   (201, or 200 when the caller already owns it), `GET /:id/pipelines`; `scope=active|inactive`.
 * - Saving checks cron, time zone and ref as GitLab's model does, expands a short ref and computes
 *   `next_run_at` (schedule-rules.ts); bad parameters get Grape's 400 `{"error": …}`.
 * - Only a schedule's owner edits it (`PUT`); a Maintainer may `take_ownership` first.
 * - A schedule whose owner is blocked or removed no longer runs (https://docs.gitlab.com/ci/pipelines/schedules/#troubleshooting).
 */
import { hasRole } from './access.ts';
import { grapeBool, str, type RouteContext } from './context.ts';
import { E, grapeError, ok, paginate } from './reply.ts';
import { pipelineJson } from './routes-pipelines.ts';
import { nextRunAt, scheduleErrors, zoneOf } from './schedule-rules.ts';
import { now, type Schedule } from './state.ts';

function scheduleJson(s: Schedule, ctx: RouteContext, full: boolean): Record<string, unknown> {
  const owner = ctx.state.users.find((u) => u.id === s.ownerId);
  const out: Record<string, unknown> = {
    id: s.id, description: s.description, ref: s.ref, cron: s.cron, cron_timezone: s.cron_timezone,
    next_run_at: nextRunAt(s.cron, zoneOf(s.cron_timezone) ?? 'UTC') ?? null,
    active: s.active, created_at: s.created_at, updated_at: s.updated_at,
    owner: owner ? { id: owner.id, username: owner.username, name: owner.name, state: owner.state, avatar_url: null, web_url: `${ctx.origin}/${owner.username}` } : null,
  };
  if (full) {
    const last = ctx.state.project.pipelines.filter((p) => p.scheduleId === s.id).at(-1);
    Object.assign(out, {
      last_pipeline: last ? { id: last.id, sha: last.sha, ref: last.ref, status: last.status } : null,
      inputs: s.inputs.map((i) => ({ ...i })), variables: [],
    });
  }
  return out;
}

/** A short ref naming a branch, expanded as GitLab stores it (`main` → `refs/heads/main`). */
async function expandRef(ctx: RouteContext, ref: string): Promise<string> {
  if (/^refs\/(heads|tags)\//.test(ref)) return ref;
  return (await ctx.repo.branches()).some((b) => b.name === ref) ? `refs/heads/${ref}` : ref;
}

type InputParam = { name: string; value: unknown; destroy: boolean };

/**
 * `inputs[]` as `lib/api/ci/pipeline_schedules.rb` declares it: every element `requires :name`
 * (String) and `value` (String, Array, Numeric or Boolean); on `PUT` also `optional :destroy`
 * (Boolean), `value` then being required only when `destroy` is not true. An undeclared key such as
 * `_destroy` is dropped by Grape (`declared_params`), so `{name, _destroy: true}` still lacks `value`.
 * Answers a Grape 400 for the first offending element, else the parsed list.
 */
function inputsParam(v: unknown, edit: boolean): InputParam[] | Response | undefined {
  if (v === undefined) return undefined;
  if (!Array.isArray(v)) return grapeError('inputs is invalid');
  const out: InputParam[] = [];
  for (const [i, x] of (v as unknown[]).entries()) {
    const o = (x && typeof x === 'object' && !Array.isArray(x) ? x : {}) as { name?: unknown; value?: unknown; destroy?: unknown };
    if (o.name === undefined) return grapeError(`inputs[${i}][name] is missing`);
    if (typeof o.name !== 'string' && typeof o.name !== 'number') return grapeError(`inputs[${i}][name] is invalid`);
    const destroy = edit && o.destroy !== undefined ? grapeBool(o.destroy) : false;
    if (destroy === 'invalid') return grapeError(`inputs[${i}][destroy] is invalid`);
    if (!destroy) {
      if (o.value === undefined) return grapeError(`inputs[${i}][value] is missing`);
      const okType = ['string', 'number', 'boolean'].includes(typeof o.value) || Array.isArray(o.value);
      if (!okType) return grapeError(`inputs[${i}][value] is invalid`);
    }
    out.push({ name: String(o.name), value: o.value, destroy });
  }
  return out;
}

/** `/projects/:id/pipeline_schedules[...]`. */
export async function schedulesRoute(ctx: RouteContext): Promise<Response | undefined> {
  const [head, id, action] = ctx.rest;
  if (head !== 'pipeline_schedules' || ctx.rest.length > 3) return undefined;
  if (!hasRole(ctx.caller, 'maintainer') || ctx.caller.kind !== 'user') return ctx.caller.kind === 'invalid' ? E.unauthorized() : E.forbidden();
  const me = ctx.caller.user.id;
  const list = ctx.state.project.schedules;
  const method = ctx.req.method;
  if (id === undefined && method === 'GET') {
    const scope = str(ctx.params, 'scope');
    if (scope !== undefined && scope !== 'active' && scope !== 'inactive') return grapeError('scope does not have a valid value');
    return paginate(ctx.req, list.filter((s) => scope === undefined || s.active === (scope === 'active')).map((s) => scheduleJson(s, ctx, false)));
  }
  if (id === undefined && method === 'POST') {
    const [description, ref, cron] = [str(ctx.params, 'description'), str(ctx.params, 'ref'), str(ctx.params, 'cron')];
    const missing = [['description', description], ['ref', ref], ['cron', cron]].filter(([, v]) => v === undefined).map(([k]) => `${k} is missing`);
    if (missing.length > 0) return grapeError(missing.join(', '));
    if (ref!.trim() === '') return grapeError('ref is empty');
    const active = ctx.params.active === undefined ? true : grapeBool(ctx.params.active);
    if (active === 'invalid') return grapeError('active is invalid');
    const inputs = inputsParam(ctx.params.inputs, false);
    if (inputs instanceof Response) return inputs;
    const s: Schedule = {
      id: 0, description: description!, ref: await expandRef(ctx, ref!), cron: cron!.trim(), cron_timezone: str(ctx.params, 'cron_timezone') ?? 'UTC',
      active, ownerId: me, inputs: (inputs ?? []).map(({ name, value }) => ({ name, value })), created_at: now(), updated_at: now(),
    };
    const errors = scheduleErrors(s);
    if (Object.keys(errors).length > 0) return E.badRequest(errors);
    s.id = ctx.state.nextId();
    list.push(s);
    return ok(scheduleJson(s, ctx, true), 201);
  }
  if (id === undefined) return undefined;
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
    if (s.ownerId !== me) return E.forbidden();
    const active = ctx.params.active === undefined ? s.active : grapeBool(ctx.params.active);
    if (active === 'invalid') return grapeError('active is invalid');
    const inputs = inputsParam(ctx.params.inputs, true);
    if (inputs instanceof Response) return inputs;
    const next = { ...s, inputs: [...s.inputs] };
    for (const name of ['description', 'ref', 'cron', 'cron_timezone'] as const) next[name] = str(ctx.params, name) ?? s[name];
    if (str(ctx.params, 'ref') !== undefined && next.ref.trim() !== '') next.ref = await expandRef(ctx, next.ref);
    next.cron = next.cron.trim();
    next.active = active;
    for (const i of inputs ?? []) {
      next.inputs = next.inputs.filter((x) => x.name !== i.name);
      if (!i.destroy) next.inputs.push({ name: i.name, value: i.value });
    }
    const errors = scheduleErrors(next);
    if (Object.keys(errors).length > 0) return E.badRequest(errors);
    Object.assign(s, next, { updated_at: now() });
    return ok(scheduleJson(s, ctx, true));
  }
  if (action === 'take_ownership' && method === 'POST') {
    // 200 when the caller already owns it, 201 when it changes hands (lib/api/ci/pipeline_schedules.rb).
    const already = s.ownerId === me;
    s.ownerId = me;
    if (!already) s.updated_at = now();
    return ok(scheduleJson(s, ctx, true), already ? 200 : 201);
  }
  if (action === 'pipelines' && method === 'GET') {
    const p = ctx.state.project;
    return paginate(ctx.req, p.pipelines.filter((x) => x.scheduleId === s.id).map((x) => pipelineJson(x, ctx.origin, p.path, p.id)));
  }
  if (action === 'play' && method === 'POST') {
    const pipeline = await ctx.startPipeline('schedule', s.ref.replace(/^refs\/(heads|tags)\//, ''), Object.fromEntries(s.inputs.map((i) => [i.name, i.value])));
    pipeline.scheduleId = s.id;
    pipeline.userId = s.ownerId;
    return ok({ message: '201 Created' }, 201);
  }
  return undefined;
}
