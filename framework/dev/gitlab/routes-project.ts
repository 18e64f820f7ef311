/**
 * `GET/PUT /projects/:id` and the instance facts the CLI reads.
 * - Project: https://docs.gitlab.com/api/projects/#get-a-single-project and #edit-a-project
 *   (`ci_pipeline_variables_minimum_override_role`, `ci_push_repository_for_job_token_allowed`;
 *   CI settings are only shown to Maintainers and up).
 * - Version: https://docs.gitlab.com/api/metadata/ (`GET /metadata`, and the older `GET /version`,
 *   → `{version, revision}`; authenticated users only).
 * - Namespace plan: https://docs.gitlab.com/api/namespaces/#get-namespace-by-id (`plan` on GitLab.com).
 */
import { diskBytes } from '../disk-size.ts';
import { hasRole } from './access.ts';
import { bool, str, type RouteContext } from './context.ts';
import { E, ok } from './reply.ts';
import type { GitlabState } from './state.ts';

/** The project as `GET /projects/:id` shows it to `ctx.caller`. */
export function projectJson(ctx: Pick<RouteContext, 'state' | 'caller' | 'origin'>): Record<string, unknown> {
  const p = ctx.state.project;
  const out: Record<string, unknown> = {
    id: p.id,
    name: p.name,
    path: p.name,
    path_with_namespace: p.path,
    default_branch: p.default_branch,
    visibility: p.visibility,
    web_url: `${ctx.origin}/${p.path}`,
    http_url_to_repo: `${ctx.origin}/${p.path}.git`,
    namespace: { id: p.namespace.id, full_path: p.namespace.full_path, kind: 'group' },
  };
  if (hasRole(ctx.caller, 'maintainer')) Object.assign(out, p.settings);
  return out;
}

/**
 * `GET /projects/:id?statistics=true` adds `statistics` for Reporter+ (https://docs.gitlab.com/api/projects/#get-a-single-project):
 * here `repository_size` and `storage_size`, in bytes, the bare repository on disk.
 */
export async function projectStatistics(ctx: Pick<RouteContext, 'state' | 'caller' | 'origin' | 'params' | 'repo'>): Promise<Record<string, unknown>> {
  const out = projectJson(ctx);
  if (ctx.params.statistics === 'true' && hasRole(ctx.caller, 'reporter')) {
    const bytes = await diskBytes(ctx.repo.dir);
    out.statistics = { repository_size: bytes, storage_size: bytes, lfs_objects_size: 0, job_artifacts_size: 0, pipeline_artifacts_size: 0, packages_size: 0, wiki_size: 0, snippets_size: 0, uploads_size: 0, container_registry_size: 0, commit_count: 0 };
  }
  return out;
}

const ROLES = new Set(['no_one_allowed', 'owner', 'maintainer', 'developer']);

/** `PUT /projects/:id`: Maintainer or Owner only. */
export function editProject(ctx: RouteContext): Response {
  if (!hasRole(ctx.caller, 'maintainer')) return E.forbidden();
  const s = ctx.state.project.settings;
  const role = str(ctx.params, 'ci_pipeline_variables_minimum_override_role');
  if (role !== undefined) {
    if (!ROLES.has(role)) return E.badRequest('ci_pipeline_variables_minimum_override_role does not have a valid value');
    s.ci_pipeline_variables_minimum_override_role = role as typeof s.ci_pipeline_variables_minimum_override_role;
  }
  const push = bool(ctx.params, 'ci_push_repository_for_job_token_allowed');
  if (push !== undefined) s.ci_push_repository_for_job_token_allowed = push;
  return ok(projectJson(ctx));
}

/** `GET /version` (any authenticated user). */
export function versionRoute(state: GitlabState, authenticated: boolean): Response {
  return authenticated ? ok({ version: state.version, revision: 'emulated' }) : E.unauthorized();
}

/** `GET /namespaces/:id`. */
export function namespaceRoute(state: GitlabState, id: string, authenticated: boolean): Response {
  const ns = state.project.namespace;
  if (!authenticated) return E.unauthorized();
  if (id !== String(ns.id) && id !== ns.full_path) return E.notFound('Namespace');
  return ok({ id: ns.id, full_path: ns.full_path, kind: 'group', ...(ns.plan ? { plan: ns.plan } : {}) });
}
