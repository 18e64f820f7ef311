/**
 * Pipeline trigger tokens and the trigger endpoint (https://docs.gitlab.com/api/pipeline_triggers/).
 * - `GET /triggers` (Maintainer+): a token is shown in full only to the user who created it, else its
 *   first 4 characters.
 * - `POST /triggers {description, expires_at?}` → 201 with the token; `expires_at` (a date) is shown
 *   and an expired token starts nothing (`optional :expires_at` in GitLab's lib/api/ci/triggers.rb,
 *   read 2026-12-07; the 404 for an expired token is UNVERIFIED).
 * - `POST /trigger/pipeline` with `token`, `ref`, `inputs` (hash), `variables` (hash); no other
 *   authentication. An unknown token → `404 Not Found`. Variables are refused unless the token's owner
 *   holds `ci_pipeline_variables_minimum_override_role`, and never with `no_one_allowed`
 *   (https://docs.gitlab.com/ci/variables/#restrict-pipeline-variables: "Insufficient permissions to
 *   set pipeline variables"; the 400 status here is UNVERIFIED; releases before 18.5 refuse every trigger
 *   under `no_one_allowed`: releases.ts). Inputs are checked against `spec:inputs`
 *   (https://docs.gitlab.com/ci/inputs/#for-a-pipeline-triggered-by-the-api, inputs on this endpoint GA in 18.1).
 */
import { hasRole } from './access.ts';
import { str, type RouteContext } from './context.ts';
import { pipelineJson } from './routes-pipelines.ts';
import { E, grapeError, ok, paginate } from './reply.ts';
import { triggerPayloadCountsAsVariable } from './releases.ts';
import { checkInputs } from './spec-inputs.ts';
import { PIPELINE_NAME_MAX, pipelineName } from './pipeline-name.ts';
import { newTriggerToken, now, type TriggerToken } from './state.ts';
import { pastDate } from './routes-tokens.ts';

const RANK = { developer: 30, maintainer: 40, owner: 50 } as const;

function triggerJson(t: TriggerToken, viewerId: number | undefined, origin: string, users: { id: number; username: string; name: string; state: string }[]): Record<string, unknown> {
  const owner = users.find((u) => u.id === t.ownerId);
  return {
    id: t.id, description: t.description, created_at: t.created_at, updated_at: t.created_at, last_used: t.last_used, expires_at: t.expires_at,
    token: viewerId === t.ownerId ? t.token : t.token.slice(0, 4),
    owner: owner ? { id: owner.id, username: owner.username, name: owner.name, state: owner.state, web_url: `${origin}/${owner.username}` } : null,
  };
}

/** `/projects/:id/triggers[/:id]`. */
export function triggersRoute(ctx: RouteContext): Response | undefined {
  const [head, id] = ctx.rest;
  if (head !== 'triggers') return undefined;
  if (!hasRole(ctx.caller, 'maintainer') || ctx.caller.kind !== 'user') return ctx.caller.kind === 'invalid' ? E.unauthorized() : E.forbidden();
  const me = ctx.caller.user.id;
  const list = ctx.state.project.triggers;
  const show = (t: TriggerToken) => triggerJson(t, me, ctx.origin, ctx.state.users);
  if (id === undefined && ctx.req.method === 'GET') return paginate(ctx.req, list.map(show));
  if (id === undefined && ctx.req.method === 'POST') {
    const description = str(ctx.params, 'description');
    if (!description) return E.badRequest('description is missing');
    const expires = str(ctx.params, 'expires_at');
    const t: TriggerToken = { id: ctx.state.nextId(), description, token: newTriggerToken(), ownerId: me, created_at: now(), last_used: null, expires_at: expires ?? null };
    list.push(t);
    return ok(show(t), 201);
  }
  const found = list.find((t) => String(t.id) === id);
  if (!found) return E.notFound('Trigger');
  if (ctx.req.method === 'GET') return ok(show(found));
  if (ctx.req.method === 'DELETE') {
    list.splice(list.indexOf(found), 1);
    return new Response(null, { status: 204 });
  }
  return undefined;
}

function stringRecord(v: unknown): Record<string, string> | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'object' || Array.isArray(v)) return {};
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, typeof x === 'string' ? x : JSON.stringify(x)]));
}

/** `POST /projects/:id/trigger/pipeline`. */
export async function triggerPipelineRoute(ctx: RouteContext): Promise<Response | undefined> {
  if (ctx.rest[0] !== 'trigger' || ctx.rest[1] !== 'pipeline' || ctx.req.method !== 'POST') return undefined;
  const p = ctx.state.project;
  const token = str(ctx.params, 'token');
  const trigger = p.triggers.find((t) => t.token === token);
  const owner = trigger && ctx.state.users.find((u) => u.id === trigger.ownerId && u.state === 'active');
  if (!trigger || !owner || pastDate(trigger.expires_at)) return E.notFound();
  const variables = stringRecord(ctx.params.variables);
  const min = p.settings.ci_pipeline_variables_minimum_override_role;
  // GitLab adds TRIGGER_PAYLOAD to every trigger; before the fix of #557381 it counted as a variable.
  const setsVariables = (variables !== undefined && Object.keys(variables).length > 0) || triggerPayloadCountsAsVariable(ctx.state);
  // The trigger acts with its owner's role (here the project owner).
  if (setsVariables && (min === 'no_one_allowed' || RANK.owner < RANK[min])) return E.badRequest({ base: ['Insufficient permissions to set pipeline variables'] });
  const ref = str(ctx.params, 'ref') ?? '';
  const sha = await ctx.repo.resolve(ref);
  if (!sha || /^[0-9a-f]{40}$/.test(ref)) return E.badRequest({ base: ['Reference not found'] });
  const given = ctx.params.inputs;
  if (given !== undefined && (given === null || typeof given !== 'object' || Array.isArray(given))) return grapeError('inputs is invalid');
  const inputs = (given ?? {}) as Record<string, unknown>;
  const ci = await ctx.repo.read(sha, '.gitlab-ci.yml');
  const problem = checkInputs(ci?.bytes.toString('utf8'), inputs);
  if (problem) return E.badRequest({ base: [problem] });
  // GitLab creates no pipeline whose name is too long (gitlab-org/gitlab#567177; the 400 here is the double's choice).
  if ((pipelineName(ci?.bytes.toString('utf8'), inputs) ?? '').length > PIPELINE_NAME_MAX) return E.badRequest({ base: [`workflow:name is longer than ${PIPELINE_NAME_MAX} characters`] });
  trigger.last_used = now();
  const pipeline = await ctx.startPipeline('trigger', ref, inputs);
  pipeline.userId = trigger.ownerId;
  return ok(pipelineJson(pipeline, ctx.origin, p.path, p.id, ctx.state), 201);
}
