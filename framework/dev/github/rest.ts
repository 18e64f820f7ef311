/**
 * The GitHub emulator's REST handler (fetch-style; a test double of the endpoints gfa's adapters use):
 * authentication (`Authorization: Bearer|token`), per-token rate limits, repository lookup (404 for
 * repositories the caller cannot see, as GitHub hides them), then the route tables.
 */
import type { RouteContext, StartRun } from './context.ts';
import { ACTIONS_ROUTES } from './rest-actions.ts';
import { REPO_ROUTES, visible } from './rest-repo.ts';
import { ghError, RateLimits } from './respond.ts';
import type { Origins } from './shapes.ts';
import type { GithubState } from './state.ts';

/** Limits an hour: https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api */
const LIMITS = { user: 5000, installation: 1000, anonymous: 60 } as const;

/** Everything the handler needs. */
export interface RestOptions {
  state: GithubState;
  origins(): Origins;
  startRun: StartRun;
  limits: RateLimits;
}

/** Creates the handler; it expects paths with the API prefix already removed (`/repos/...`). */
export function createRestHandler(o: RestOptions): (req: Request, path: string) => Promise<Response> {
  return async (req, path) => {
    const auth = req.headers.get('authorization') ?? '';
    const m = /^(?:bearer|token)\s+(\S+)$/i.exec(auth);
    const token = m ? o.state.tokens.get(m[1]!) : undefined;
    if (auth && !token) return ghError(401, 'Bad credentials');
    const who = m ? `token:${m[1]}` : 'ip:127.0.0.1';
    const limit = token ? LIMITS[token.kind] : LIMITS.anonymous;
    if (o.limits.exhausted(who, limit)) {
      const res = ghError(403, `API rate limit exceeded for ${token ? 'user' : '127.0.0.1'}.`);
      return o.limits.apply(res, who, limit, true);
    }
    const res = await route(req, path, { state: o.state, origins: o.origins(), token, startRun: o.startRun });
    return o.limits.apply(res, who, limit, token !== undefined);
  };
}

async function route(req: Request, path: string, ctx: RouteContext): Promise<Response> {
  const m = /^\/repos\/([^/]+)\/([^/]+)(\/.*)?$/.exec(path);
  if (!m) return ghError(404, 'Not Found');
  const repo = ctx.state.repos.get(`${m[1]}/${m[2]}`.toLowerCase());
  if (!repo || !visible(ctx, repo)) return ghError(404, 'Not Found');
  const rest = m[3] ?? '';
  for (const [method, pattern, handler] of [...REPO_ROUTES, ...ACTIONS_ROUTES]) {
    if (method !== req.method) continue;
    const hit = pattern.exec(rest);
    if (hit) return handler(req, hit, ctx, repo);
  }
  return ghError(404, 'Not Found');
}
