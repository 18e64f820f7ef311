/**
 * Deployment environments of the GitHub double (a test double, not GitHub): the environment, its
 * deployment-branch policies and its secrets, after https://docs.github.com/en/rest/deployments/environments,
 * .../deployments/branch-policies and .../actions/secrets (environment secrets), read 2026-12-07.
 * Environments need Administration (read / write), their secrets Secrets (read / write); GitHub also
 * names an "Environments" permission for environment secrets, which the double does not model.
 * The values are sealed to the double's one key pair (GitHub keys each environment).
 */
import { getSodium } from '../../crypto/sodium.ts';
import { jsonBody, need, type Route, type RouteContext } from './context.ts';
import { environmentsAllowed, findEnvironment } from './environments.ts';
import { ghError, ghJson } from './respond.ts';
import type { Environment, Repo } from './state.ts';
import { ghTime } from './time.ts';
import { readSealedSecret } from './sealed-secret.ts';

const nameOf = (m: RegExpExecArray, i = 1): string => decodeURIComponent(m[i]!);

function environmentJson(ctx: RouteContext, repo: Repo, env: Environment): Record<string, unknown> {
  const p = env.branchPolicy;
  return {
    id: env.id, node_id: `EN_${env.id}`, name: env.name,
    url: `${ctx.origins.api}/repos/${repo.owner}/${repo.name}/environments/${encodeURIComponent(env.name)}`,
    html_url: `${ctx.origins.web}/${repo.owner}/${repo.name}/deployments/activity_log?environments_filter=${encodeURIComponent(env.name)}`,
    created_at: env.createdAt, updated_at: env.updatedAt,
    protection_rules: p ? [{ id: env.id + 1, node_id: `GA_${env.id}`, type: 'branch_policy' }] : [],
    deployment_branch_policy: p ? { protected_branches: p.protectedBranches, custom_branch_policies: p.customBranchPolicies } : null,
  };
}

/** `GET .../environments/{name}` */
export const getEnvironment: Route = (req, m, ctx, repo) => {
  const denied = need(ctx, repo, 'administration', 'read');
  if (denied) return denied;
  const env = findEnvironment(repo, nameOf(m));
  return env ? ghJson(req, 200, environmentJson(ctx, repo, env)) : ghError(404, 'Not Found');
};

/**
 * `PUT .../environments/{name}`: creates or updates; `deployment_branch_policy` null (every branch) or
 * `{ protected_branches, custom_branch_policies }`, exactly one true (422 otherwise, as documented).
 * A private repository whose owner is on GitHub Free gets 404: UNVERIFIED, from one user's report of
 * `Not Found` (github.com/webiny/webiny-js issue 1850); the docs only say Free cannot have them.
 */
export const putEnvironment: Route = async (req, m, ctx, repo) => {
  const denied = need(ctx, repo, 'administration', 'write');
  if (denied) return denied;
  if (!environmentsAllowed(ctx.state, repo)) return ghError(404, 'Not Found');
  const name = nameOf(m);
  if (!/^[^/\\'"<>`]{1,255}$/.test(name)) return ghError(422, 'Validation Failed', { errors: [{ resource: 'Environment', field: 'name', code: 'invalid' }] });
  const body = (await jsonBody(req)) ?? {};
  const raw = body.deployment_branch_policy as { protected_branches?: unknown; custom_branch_policies?: unknown } | null | undefined;
  if (raw && (typeof raw.protected_branches !== 'boolean' || raw.protected_branches === raw.custom_branch_policies)) {
    return ghError(422, 'Validation Failed: protected_branches and custom_branch_policies must not be the same');
  }
  const now = ghTime(ctx.clock?.now());
  const old = findEnvironment(repo, name);
  const policy = raw ? { protectedBranches: raw.protected_branches === true, customBranchPolicies: raw.custom_branch_policies === true } : null;
  const env: Environment = old ?? { id: ctx.state.nextId++, name, createdAt: now, updatedAt: now, branchPolicy: null, policies: [], secrets: new Map() };
  if (old === undefined || 'deployment_branch_policy' in body) env.branchPolicy = policy;
  if (!env.branchPolicy?.customBranchPolicies) env.policies = [];
  env.updatedAt = now;
  (repo.environments ??= new Map()).set(name.toLowerCase(), env);
  return ghJson(req, 200, environmentJson(ctx, repo, env));
};

const policyJson = (p: Environment['policies'][number]): Record<string, unknown> => ({ id: p.id, node_id: `GBP_${p.id}`, name: p.name, type: p.type });

/** `GET .../environments/{name}/deployment-branch-policies` */
export const listBranchPolicies: Route = (req, m, ctx, repo) => {
  const denied = need(ctx, repo, 'administration', 'read');
  if (denied) return denied;
  const env = findEnvironment(repo, nameOf(m));
  if (!env) return ghError(404, 'Not Found');
  return ghJson(req, 200, { total_count: env.policies.length, branch_policies: env.policies.map(policyJson) });
};

/**
 * `POST .../deployment-branch-policies` `{ name, type? }` (type defaults to `branch`): 200 with the
 * policy; 303 to the existing one when the pattern exists; 404 when the environment does not allow
 * custom policies (UNVERIFIED: the documented 404 names no reason).
 */
export const createBranchPolicy: Route = async (req, m, ctx, repo) => {
  const denied = need(ctx, repo, 'administration', 'write');
  if (denied) return denied;
  const env = findEnvironment(repo, nameOf(m));
  if (!env || !env.branchPolicy?.customBranchPolicies) return ghError(404, 'Not Found');
  const body = await jsonBody(req);
  const type = body?.type ?? 'branch';
  if (!body || typeof body.name !== 'string' || body.name === '' || (type !== 'branch' && type !== 'tag')) return ghError(422, 'Validation Failed');
  const existing = env.policies.find((p) => p.name === body.name && p.type === type);
  if (existing) return new Response(null, { status: 303, headers: { location: `${ctx.origins.api}/repos/${repo.owner}/${repo.name}/environments/${encodeURIComponent(env.name)}/deployment-branch-policies/${existing.id}` } });
  const policy = { id: ctx.state.nextId++, name: body.name, type: type as 'branch' | 'tag' };
  env.policies.push(policy);
  return ghJson(req, 200, policyJson(policy));
};

/** `GET .../deployment-branch-policies/{id}` (where the 303 above points). */
export const getBranchPolicy: Route = (req, m, ctx, repo) => {
  const denied = need(ctx, repo, 'administration', 'read');
  if (denied) return denied;
  const policy = findEnvironment(repo, nameOf(m))?.policies.find((p) => String(p.id) === m[2]);
  return policy ? ghJson(req, 200, policyJson(policy)) : ghError(404, 'Not Found');
};

/** `DELETE .../deployment-branch-policies/{id}`: 204. */
export const deleteBranchPolicy: Route = (_req, m, ctx, repo) => {
  const denied = need(ctx, repo, 'administration', 'write');
  if (denied) return denied;
  const env = findEnvironment(repo, nameOf(m));
  const at = env ? env.policies.findIndex((p) => String(p.id) === m[2]) : -1;
  if (!env || at < 0) return ghError(404, 'Not Found');
  env.policies.splice(at, 1);
  return new Response(null, { status: 204 });
};

/** `GET .../environments/{name}/secrets/public-key` */
export const environmentKey: Route = async (req, m, ctx, repo) => {
  const denied = need(ctx, repo, 'secrets', 'read');
  if (denied) return denied;
  if (!findEnvironment(repo, nameOf(m))) return ghError(404, 'Not Found');
  const sodium = await getSodium();
  return ghJson(req, 200, { key_id: ctx.state.boxKey.keyId, key: sodium.to_base64(ctx.state.boxKey.publicKey, sodium.base64_variants.ORIGINAL) });
};

/** `GET .../environments/{name}/secrets/{secret}`: name and dates, never the value. */
export const getEnvironmentSecret: Route = (req, m, ctx, repo) => {
  const denied = need(ctx, repo, 'secrets', 'read');
  if (denied) return denied;
  const name = nameOf(m, 2).toUpperCase();
  const s = findEnvironment(repo, nameOf(m))?.secrets.get(name);
  return s ? ghJson(req, 200, { name, created_at: s.createdAt, updated_at: s.updatedAt }) : ghError(404, 'Not Found');
};

/** `PUT .../environments/{name}/secrets/{secret}` `{ encrypted_value, key_id }`: opened as GitHub does; 201 created, 204 updated. */
export const putEnvironmentSecret: Route = async (req, m, ctx, repo) => {
  const denied = need(ctx, repo, 'secrets', 'write');
  if (denied) return denied;
  const env = findEnvironment(repo, nameOf(m));
  if (!env) return ghError(404, 'Not Found');
  const read = await readSealedSecret(req, ctx, nameOf(m, 2), 'environment');
  if (read instanceof Response) return read;
  const { name, value } = read;
  const now = ghTime(ctx.clock?.now());
  const old = env.secrets.get(name);
  env.secrets.set(name, { value, createdAt: old?.createdAt ?? now, updatedAt: now });
  return old ? new Response(null, { status: 204 }) : new Response('{}', { status: 201, headers: { 'content-type': 'application/json; charset=utf-8' } });
};

/** Route rows, matched against the path after `/repos/{o}/{r}`. */
export const ENVIRONMENTS_ROUTES: [string, RegExp, Route][] = [
  ['GET', /^\/environments\/([^/]+)$/, getEnvironment],
  ['PUT', /^\/environments\/([^/]+)$/, putEnvironment],
  ['GET', /^\/environments\/([^/]+)\/deployment-branch-policies$/, listBranchPolicies],
  ['POST', /^\/environments\/([^/]+)\/deployment-branch-policies$/, createBranchPolicy],
  ['GET', /^\/environments\/([^/]+)\/deployment-branch-policies\/(\d+)$/, getBranchPolicy],
  ['DELETE', /^\/environments\/([^/]+)\/deployment-branch-policies\/(\d+)$/, deleteBranchPolicy],
  ['GET', /^\/environments\/([^/]+)\/secrets\/public-key$/, environmentKey],
  ['GET', /^\/environments\/([^/]+)\/secrets\/([A-Za-z0-9_]+)$/, getEnvironmentSecret],
  ['PUT', /^\/environments\/([^/]+)\/secrets\/([A-Za-z0-9_]+)$/, putEnvironmentSecret],
];
