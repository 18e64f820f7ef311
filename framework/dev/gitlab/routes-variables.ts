/**
 * Project CI/CD variables (https://docs.gitlab.com/api/project_level_variables/), Maintainer+:
 * `GET /variables`, `GET/PUT/DELETE /variables/:key`, `POST /variables`.
 * - Keys: `[A-Za-z0-9_]`, at most 255 characters; a duplicate key is `400 {"message":{"key":["(KEY) has already been taken"]}}`.
 * - `masked_and_hidden: true` creates a masked, hidden variable; hidden values are never returned
 *   (`value: null`) and hiding cannot be set after creation
 *   (https://docs.gitlab.com/ci/variables/#hide-a-cicd-variable).
 * - Masked values must be one line with no spaces, at least 8 characters, from the Base64 alphabet
 *   plus `@ : . ~ _ -` (https://docs.gitlab.com/ci/variables/#mask-a-cicd-variable).
 */
import { hasRole } from './access.ts';
import { bool, str, type RouteContext } from './context.ts';
import { E, ok, paginate } from './reply.ts';
import type { Variable } from './state.ts';

const KEY = /^[A-Za-z0-9_]{1,255}$/;
const MASKABLE = /^[A-Za-z0-9+/=@:.~_-]{8,}$/;

/** The variable as the API shows it (hidden values never). */
export function variableJson(v: Variable): Record<string, unknown> {
  return {
    variable_type: v.variable_type, key: v.key, value: v.hidden ? null : v.value, protected: v.protected,
    masked: v.masked, hidden: v.hidden, raw: v.raw, environment_scope: v.environment_scope, description: v.description,
  };
}

/** Routes under `/projects/:id/variables`. */
export function variablesRoute(ctx: RouteContext): Response | undefined {
  const [head, key, extra] = ctx.rest;
  if (head !== 'variables' || extra !== undefined) return undefined;
  if (!hasRole(ctx.caller, 'maintainer')) return ctx.caller.kind === 'invalid' ? E.unauthorized() : E.forbidden();
  const list = ctx.state.project.variables;
  const method = ctx.req.method;
  if (key === undefined && method === 'GET') return paginate(ctx.req, list.map(variableJson));
  if (key === undefined && method === 'POST') {
    const k = str(ctx.params, 'key') ?? '';
    const value = str(ctx.params, 'value') ?? '';
    if (!KEY.test(k)) return E.badRequest({ key: ['can contain only letters, digits and \'_\'.'] });
    if (list.some((v) => v.key === k)) return E.badRequest({ key: [`(${k}) has already been taken`] });
    const hidden = bool(ctx.params, 'masked_and_hidden') === true;
    const masked = hidden || bool(ctx.params, 'masked') === true;
    if (masked && (!MASKABLE.test(value) || value.includes('\n'))) return E.badRequest({ value: ['is invalid'] });
    const v: Variable = {
      key: k, value, variable_type: str(ctx.params, 'variable_type') === 'file' ? 'file' : 'env_var',
      protected: bool(ctx.params, 'protected') === true, masked, hidden, raw: bool(ctx.params, 'raw') === true,
      environment_scope: str(ctx.params, 'environment_scope') ?? '*', description: str(ctx.params, 'description') ?? null,
    };
    list.push(v);
    return ok(variableJson(v), 201);
  }
  const found = list.find((v) => v.key === key);
  if (!found) return E.notFound('Variable');
  if (method === 'GET') return ok(variableJson(found));
  if (method === 'DELETE') {
    list.splice(list.indexOf(found), 1);
    return new Response(null, { status: 204 });
  }
  if (method === 'PUT') {
    const value = str(ctx.params, 'value') ?? found.value;
    const masked = bool(ctx.params, 'masked') ?? found.masked;
    if (masked && !MASKABLE.test(value)) return E.badRequest({ value: ['is invalid'] });
    Object.assign(found, { value, masked, protected: bool(ctx.params, 'protected') ?? found.protected, raw: bool(ctx.params, 'raw') ?? found.raw });
    return ok(variableJson(found));
  }
  return undefined;
}
