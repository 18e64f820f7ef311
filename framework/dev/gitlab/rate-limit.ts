/**
 * The GitLab double's rate limits on `/api/v4`, one layer of its middleware chain (a test double, not
 * GitLab). After GitLab's Rack::Attack throttles:
 * - figures: gitlab.com's current limits, "Authenticated API traffic for a user: 2,000 requests each
 *   minute" and "Unauthenticated traffic from an IP address: 500 requests each minute"
 *   (https://docs.gitlab.com/user/gitlab_com/rate_limits/#current-rate-limits); windows of one
 *   period, aligned to it, as Rack::Attack counts;
 * - every answer carries `RateLimit-Name`, `RateLimit-Limit`, `RateLimit-Observed`,
 *   `RateLimit-Remaining` (limit − observed) and `RateLimit-Reset` (Unix time); a throttled request
 *   gets `429` with the plain-text body `Retry later`, `Retry-After` (seconds until the reset) and
 *   `RateLimit-ResetTime` (an HTTP date)
 *   (https://docs.gitlab.com/administration/settings/user_and_ip_rate_limits/#response-headers).
 * A trigger-token request carries no user token, so it counts against the address, as GitLab counts
 * unauthenticated traffic. Application limits (e.g. 25 pipeline creations a minute per project, user
 * or commit) are not modelled.
 */
import type { Middleware } from '../chain.ts';
import { systemClock, type Clock } from '../clock.ts';
import type { GitlabState } from './state.ts';

/** The limits of a double (`rateLimits` option); the defaults are gitlab.com's published figures. */
export interface GitlabRateLimitOptions {
  /** Requests a period per user with a token. @default 2000 */
  perMinute?: number;
  /** Requests a period per address without a user token. @default 500 */
  unauthenticatedPerMinute?: number;
  /** The period, in seconds (GitLab's "rate limit period"). @default 60 */
  periodSeconds?: number;
}

/** Per-caller counts in the current period. */
export class GitlabRateLimits {
  private windows = new Map<string, { observed: number; reset: number }>();
  readonly options: Required<GitlabRateLimitOptions>;

  constructor(options: GitlabRateLimitOptions = {}, private clock: Clock = systemClock) {
    this.options = { perMinute: options.perMinute ?? 2000, unauthenticatedPerMinute: options.unauthenticatedPerMinute ?? 500, periodSeconds: options.periodSeconds ?? 60 };
  }

  /** Requests counted for `who` in the current period. */
  observedBy(who: string): number {
    return this.window(who).observed;
  }

  /** Sets `who`'s count (tests: a caller nearly out of quota). */
  set(who: string, observed: number): void {
    this.window(who).observed = observed;
  }

  private window(who: string): { observed: number; reset: number } {
    const now = this.clock.now() / 1000;
    const period = this.options.periodSeconds;
    let w = this.windows.get(who);
    if (!w || w.reset <= now) {
      w = { observed: 0, reset: (Math.floor(now / period) + 1) * period };
      this.windows.set(who, w);
    }
    return w;
  }

  /** The layer; `who` is `user:<id>` for a known personal access token, else `ip:127.0.0.1`. */
  middleware(state: GitlabState): Middleware {
    return (next) => async (req) => {
      if (req.method === 'OPTIONS') return next(req);
      const token = req.headers.get('private-token') ?? /^Bearer\s+(\S+)$/i.exec(req.headers.get('authorization') ?? '')?.[1];
      const grant = token === undefined ? undefined : state.tokens.get(token);
      const who = grant ? `user:${grant.userId}` : 'ip:127.0.0.1';
      const name = grant ? 'throttle_authenticated_api' : 'throttle_unauthenticated_api';
      const limit = grant ? this.options.perMinute : this.options.unauthenticatedPerMinute;
      const w = this.window(who);
      w.observed += 1;
      const headers = (res: Response): Response => {
        res.headers.set('RateLimit-Name', name);
        res.headers.set('RateLimit-Limit', String(limit));
        res.headers.set('RateLimit-Observed', String(w.observed));
        res.headers.set('RateLimit-Remaining', String(Math.max(0, limit - w.observed)));
        res.headers.set('RateLimit-Reset', String(w.reset));
        return res;
      };
      if (w.observed > limit) {
        const retryAfter = Math.max(1, Math.ceil(w.reset - this.clock.now() / 1000));
        // GitLab's CORS middleware sits in front of its throttles, so a page can read the 429.
        const res = new Response('Retry later\n', { status: 429, headers: { 'content-type': 'text/plain' } }); // CORS headers: the layer in front (../cors.ts)
        res.headers.set('Retry-After', String(retryAfter));
        res.headers.set('RateLimit-ResetTime', new Date(w.reset * 1000).toUTCString());
        return headers(res);
      }
      return headers(await next(req));
    };
  }
}
