/**
 * The GitHub emulator's REST handler (fetch-style; a test double of the endpoints gfa's adapters use):
 * authentication (`Authorization: Bearer|token`), repository lookup (404 for repositories the caller
 * cannot see, as GitHub hides them), then the route tables. Rate limits are a layer in front
 * (rate-limit.ts).
 */
import { systemClock, type Clock } from '../clock.ts';
import type { CancelRun, RouteContext, StartRun } from './context.ts';
import type { Caller } from './rate-limit.ts';
import type { Downloads } from './downloads.ts';
import type { RateLimits } from './rate-limit.ts';
import { ACTIONS_ROUTES } from './rest-actions.ts';
import { BRANCHES_ROUTES } from './rest-branches.ts';
import { ENVIRONMENTS_ROUTES } from './rest-environments.ts';
import { GIT_ROUTES } from './rest-git.ts';
import { JOBS_LOGS_ROUTES } from './rest-jobs-logs.ts';
import { metaRoutes } from './rest-meta.ts';
import { REPO_ROUTES, visible } from './rest-repo.ts';
import { RUNS_ROUTES } from './rest-runs.ts';
import { SECRETS_ROUTES } from './rest-secrets.ts';
import { WORKFLOW_STATE_ROUTES } from './rest-workflow-state.ts';
import { ghError } from './respond.ts';
import { expired, withExpiration } from './token-expiry.ts';
import type { Origins } from './shapes.ts';
import type { GithubState } from './state.ts';

/** Everything the handler needs. */
export interface RestOptions {
  state: GithubState;
  origins(): Origins;
  startRun: StartRun;
  cancelRun: CancelRun;
  /** Reported by `GET /rate_limit`. */
  limits?: RateLimits;
  downloads?: Downloads;
  /** The double's clock (the 60-day rule, inactivity.ts). @default systemClock */
  clock?: Clock;
}

/** The repository tables in match order: the first row that matches answers. */
export const REPO_TABLES = [REPO_ROUTES, ACTIONS_ROUTES, GIT_ROUTES, RUNS_ROUTES, JOBS_LOGS_ROUTES, SECRETS_ROUTES, BRANCHES_ROUTES, WORKFLOW_STATE_ROUTES, ENVIRONMENTS_ROUTES].flat();

const bearer = (req: Request): string | undefined => /^(?:bearer|token)\s+(\S+)$/i.exec(req.headers.get('authorization') ?? '')?.[1];

/** Who a request counts against: its token when the double knows it, else the address (all callers are on 127.0.0.1). */
export function callerOf(state: GithubState, req: Request): Caller {
  const raw = bearer(req);
  const token = raw === undefined ? undefined : state.tokens.get(raw);
  if (!token) return { who: 'ip:127.0.0.1', kind: 'anonymous', label: '127.0.0.1' };
  return { who: `token:${raw}`, kind: token.kind, label: token.kind === 'installation' ? 'installation ID 1' : 'user ID 1' };
}

/** Creates the handler; it expects paths with the API prefix already removed (`/repos/...`). */
export function createRestHandler(o: RestOptions): (req: Request, path: string) => Promise<Response> {
  const top = metaRoutes({ limits: o.limits, caller: (r) => callerOf(o.state, r) });
  return async (req, path) => {
    // OPTIONS never reaches here: the CORS layer (../cors.ts) answers preflights in front.
    const raw = bearer(req);
    const token = raw === undefined ? undefined : o.state.tokens.get(raw);
    const clock = o.clock ?? systemClock;
    if ((req.headers.get('authorization') && !token) || expired(token, clock.now())) return ghError(401, 'Bad credentials');
    const ctx: RouteContext = { state: o.state, origins: o.origins(), token, startRun: o.startRun, cancelRun: o.cancelRun, downloads: o.downloads, clock };
    for (const [method, pattern, handler] of top) {
      const hit = method === req.method ? pattern.exec(path) : null;
      if (hit) return withExpiration(await handler(req, hit, ctx), token);
    }
    return withExpiration(await route(req, path, ctx), token);
  };
}

async function route(req: Request, path: string, ctx: RouteContext): Promise<Response> {
  const m = /^\/repos\/([^/]+)\/([^/]+)(\/.*)?$/.exec(path);
  if (!m) return ghError(404, 'Not Found');
  const repo = ctx.state.repos.get(`${m[1]}/${m[2]}`.toLowerCase());
  if (!repo || !visible(ctx, repo)) return ghError(404, 'Not Found');
  const rest = m[3] ?? '';
  for (const [method, pattern, handler] of REPO_TABLES) {
    if (method !== req.method) continue;
    const hit = pattern.exec(rest);
    if (hit) return handler(req, hit, ctx, repo);
  }
  return ghError(404, 'Not Found');
}
