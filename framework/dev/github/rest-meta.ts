/**
 * The GitHub double's endpoints outside a repository (a test double, not GitHub):
 * - `GET /rate_limit`: the caller's primary limits; "Accessing this endpoint does not count against
 *   your REST API rate limit" (https://docs.github.com/en/rest/rate-limit/rate-limit#get-rate-limit-status-for-the-authenticated-user),
 *   so the rate-limit layer (rate-limit.ts) lets it through uncounted; `resources.core` is the REST
 *   budget, `graphql` the GraphQL endpoint's (counted on its own, one a query), the others (search, …)
 *   their documented figures unused;
 * - `GET /user`: the token's user (`private-user` with its `plan`; 401 without a token,
 *   https://docs.github.com/en/rest/users/users#get-the-authenticated-user);
 * - `GET /meta`: `verifiable_password_authentication`, and `installed_version` when the double answers
 *   as a GitHub Enterprise Server release (https://docs.github.com/en/rest/meta/meta#get-apiname-meta-information,
 *   https://docs.github.com/en/enterprise-server@3.19/rest/meta/meta). The address lists are left out.
 */
import type { RouteContext } from './context.ts';
import type { RateLimits, Caller } from './rate-limit.ts';
import { ghError, ghJson } from './respond.ts';
import { user } from './shapes.ts';

/** A route outside `/repos/{o}/{r}`. */
export type TopRoute = (req: Request, m: RegExpExecArray, ctx: RouteContext) => Promise<Response> | Response;

/** What the meta routes read besides the context. */
export interface MetaDeps {
  limits?: RateLimits;
  caller(req: Request): Caller;
}

/** The routes, given the rate limits they report. */
export function metaRoutes(deps: MetaDeps): [string, RegExp, TopRoute][] {
  const rateLimit: TopRoute = (req) => {
    const caller = deps.caller(req);
    const limit = deps.limits?.limitOf(caller.kind) ?? 5000;
    const w = deps.limits?.window(caller.who) ?? { used: 0, reset: Math.floor(Date.now() / 1000) + 3600 };
    const core = { limit, used: w.used, remaining: Math.max(0, limit - w.used), reset: w.reset };
    const g = deps.limits?.window(`${caller.who}#graphql`) ?? { used: 0, reset: w.reset };
    const graphql = { limit, used: g.used, remaining: Math.max(0, limit - g.used), reset: g.reset };
    const fresh = (n: number) => ({ limit: n, used: 0, remaining: n, reset: w.reset });
    return ghJson(req, 200, { resources: { core, search: fresh(30), graphql, integration_manifest: fresh(5000), code_search: fresh(10) }, rate: core });
  };
  const getUser: TopRoute = (req, _m, ctx) => {
    if (!ctx.token) return ghError(401, 'Requires authentication');
    const now = '2020-01-01T00:00:00Z';
    return ghJson(req, 200, {
      ...user(ctx.origins, ctx.token.login), name: ctx.token.login, company: null, blog: '', location: null, email: null, hireable: null, bio: null,
      public_repos: 0, public_gists: 0, followers: 0, following: 0, created_at: now, updated_at: now, private_gists: 0, total_private_repos: 0,
      owned_private_repos: 0, disk_usage: 0, collaborators: 0, two_factor_authentication: false,
      // `plan` (OpenAPI `private-user`): what `gfa doctor` reads for the included Actions minutes.
      plan: { name: ctx.state.userPlans?.[ctx.token.login] ?? 'free', space: 976_562_499, private_repos: 10_000, collaborators: 0 },
    });
  };
  const meta: TopRoute = (req, _m, ctx) => ghJson(req, 200, { verifiable_password_authentication: false, ...(ctx.state.ghesVersion !== undefined ? { installed_version: ctx.state.ghesVersion } : {}) });
  return [
    ['GET', /^\/rate_limit$/, rateLimit],
    ['GET', /^\/user$/, getUser],
    ['GET', /^\/meta$/, meta],
  ];
}
