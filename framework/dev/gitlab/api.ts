/**
 * The GitLab emulator's REST API under `/api/v4` (https://docs.gitlab.com/api/rest/): only the
 * endpoints gfa's adapters use. `:id` is the numeric id or the URL-encoded path
 * (`group%2Fapp`, https://docs.gitlab.com/api/rest/#namespaced-paths).
 */
import { callerOf, canRead } from './access.ts';
import type { CancelPipeline, RouteContext, StartPipeline } from './context.ts';
import { E, ok, params } from './reply.ts';
import type { BareRepo } from './repo.ts';
import { commitsRoute } from './routes-commits.ts';
import { editProject, namespaceRoute, projectStatistics, versionRoute } from './routes-project.ts';
import { pagesRoute } from './routes-pages.ts';
import { pipelinesRoute } from './routes-pipelines.ts';
import { repoRoute } from './routes-repo.ts';
import { schedulesRoute } from './routes-schedules.ts';
import { tokenSelfRoute } from './routes-tokens.ts';
import { triggerPipelineRoute, triggersRoute } from './routes-triggers.ts';
import { variablesRoute } from './routes-variables.ts';
import type { GitlabState } from './state.ts';

const ROUTES = [pagesRoute, variablesRoute, triggersRoute, triggerPipelineRoute, schedulesRoute, pipelinesRoute, commitsRoute, repoRoute];

/** Options of {@link createGitlabApi}. */
export interface GitlabApiOptions {
  state: GitlabState;
  repo: BareRepo;
  origin: () => string;
  startPipeline: StartPipeline;
  cancelPipeline: CancelPipeline;
}

/** A fetch-style handler for `/api/v4/*` (CORS is the layer in front of it: cors.ts). */
export function createGitlabApi(o: GitlabApiOptions): (req: Request) => Promise<Response> {
  return async (req: Request): Promise<Response> => {
    const url = new URL(req.url);
    const segments = url.pathname.replace(/^\/api\/v4\/?/, '').split('/').filter((s) => s !== '');
    let parts: string[];
    try {
      parts = segments.map(decodeURIComponent);
    } catch {
      return E.badRequest('the path is not valid percent-encoding');
    }
    const { state } = o;
    const caller = callerOf(state, req);
    if (req.method !== 'GET' && req.method !== 'HEAD') state.writes++;
    if ((parts[0] === 'version' || parts[0] === 'metadata') && parts.length === 1) return versionRoute(state, caller.kind === 'user');
    if (parts[0] === 'namespaces' && parts.length === 2) return namespaceRoute(state, parts[1]!, caller.kind === 'user');
    if (parts[0] === 'user' && parts.length === 1) return caller.kind === 'user' ? ok({ id: caller.user.id, username: caller.user.username, state: caller.user.state }) : E.unauthorized();
    if (parts[0] === 'personal_access_tokens' && parts[1] === 'self' && parts.length === 2 && req.method === 'GET') return tokenSelfRoute(state, req, caller);
    if (parts[0] !== 'projects' || parts[1] === undefined) return E.notFound();
    const p = state.project;
    if (parts[1] !== String(p.id) && parts[1] !== p.path) return E.notFound('Project');
    const rest = parts.slice(2);
    let body: Record<string, unknown>;
    try {
      body = await params(req);
    } catch {
      return E.badRequest('the body is not valid JSON');
    }
    const ctx: RouteContext = { req, state, repo: o.repo, caller, params: body, rest, origin: o.origin(), startPipeline: o.startPipeline, cancelPipeline: o.cancelPipeline };
    // The trigger endpoint authenticates with its own token, whatever else the request carries.
    if (!(rest[0] === 'trigger' && rest[1] === 'pipeline')) {
      if (caller.kind === 'invalid') return E.unauthorized();
      if (!canRead(state, caller)) return E.notFound('Project');
    }
    if (rest.length === 0) {
      if (req.method === 'GET') return ok(await projectStatistics(ctx));
      if (req.method === 'PUT') return editProject(ctx);
    }
    for (const route of ROUTES) {
      const res = await route(ctx);
      if (res) return res;
    }
    return E.notFound();
  };
}
