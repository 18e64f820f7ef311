/**
 * Pages settings (https://docs.gitlab.com/api/pages/, "Get Pages settings for a project", GitLab 16.8+,
 * read 2026-12-07): `GET /projects/:id/pages`, Maintainer or Owner, answers `url`,
 * `is_unique_domain_enabled`, `force_https`, `deployments[]` and (17.8+) `primary_domain`.
 * The double serves one site on its own port; `uniqueDomain` says whether it stands for a unique
 * domain (on by default for new Pages sites since the feature flag went in 16.3: gitlab-org/gitlab#439279,
 * #555559) or for the classic `NAMESPACE.gitlab.io/PROJECT` shared by the namespace's sites.
 */
import { hasRole } from './access.ts';
import type { RouteContext } from './context.ts';
import { E, ok } from './reply.ts';

/** Routes under `/projects/:id/pages`. */
export function pagesRoute(ctx: RouteContext): Response | undefined {
  if (ctx.rest.length !== 1 || ctx.rest[0] !== 'pages' || ctx.req.method !== 'GET') return undefined;
  if (!hasRole(ctx.caller, 'maintainer')) return ctx.caller.kind === 'invalid' ? E.unauthorized() : E.forbidden();
  const pages = ctx.state.project.pages;
  return ok({ url: pages.url, is_unique_domain_enabled: pages.uniqueDomain, force_https: false, deployments: [], primary_domain: null });
}
