/**
 * The GitHub double's rate limits, one layer of its middleware chain (a test double, not GitHub).
 * After https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api:
 * - primary: 60 requests an hour per address without a token, 5,000 an hour with a user token, 1,000
 *   an hour for a run's `GITHUB_TOKEN`; every answer carries `x-ratelimit-limit`, `-remaining`,
 *   `-used`, `-reset` (UTC epoch seconds) and `-resource`; past the limit 403 (or 429) with
 *   `x-ratelimit-remaining: 0`, and a refused request is not counted, so `x-ratelimit-used` never
 *   exceeds the limit;
 * - a 304 answer to a conditional request made with a token does not count
 *   (https://docs.github.com/en/rest/using-the-rest-api/best-practices-for-using-the-rest-api#use-conditional-requests-if-appropriate);
 * - secondary: "No more than 100 concurrent requests are allowed"; past it 403 (or 429) with an error
 *   message that names the secondary rate limit and a `retry-after` header (seconds).
 * The error texts ("API rate limit exceeded for …", "You have exceeded a secondary rate limit …") are
 * the ones GitHub's clients report; GitHub's docs do not spell them (UNVERIFIED wording).
 */
import type { Middleware } from '../chain.ts';
import { systemClock, type Clock } from '../clock.ts';
import { ghError } from './respond.ts';

/** The limits of a double (`rateLimits` option); the defaults are GitHub's documented figures. */
export interface GithubRateLimitOptions {
  /** Requests an hour with a user token (a personal access token). @default 5000 */
  perHour?: number;
  /** Requests an hour per address without a token. @default 60 */
  unauthenticatedPerHour?: number;
  /** Requests an hour for a workflow run's `GITHUB_TOKEN`. @default 1000 */
  installationPerHour?: number;
  /** Requests in flight at once per caller (the secondary limit). @default 100 */
  concurrent?: number;
  /** The status of a refused request; GitHub documents 403 or 429. @default 403 */
  status?: 403 | 429;
  /** `retry-after` (seconds) of a secondary-limit answer. @default 60 */
  retryAfterSeconds?: number;
}

/** Who a request counts against, and that caller's hourly limit. */
export interface Caller {
  /** `token:<token>` or `ip:<address>`. */
  who: string;
  /** `token` callers' 304s are free. */
  kind: 'user' | 'installation' | 'anonymous';
  /** What the primary-limit message names. */
  label: string;
}

/** Per-caller request counts in the current hour. */
export class RateLimits {
  private windows = new Map<string, { used: number; reset: number }>();
  private inFlight = new Map<string, number>();
  readonly options: Required<GithubRateLimitOptions>;

  constructor(options: GithubRateLimitOptions = {}, private clock: Clock = systemClock) {
    this.options = {
      perHour: options.perHour ?? 5000, unauthenticatedPerHour: options.unauthenticatedPerHour ?? 60, installationPerHour: options.installationPerHour ?? 1000,
      concurrent: options.concurrent ?? 100, status: options.status ?? 403, retryAfterSeconds: options.retryAfterSeconds ?? 60,
    };
  }

  /** The hourly limit of a kind of caller. */
  limitOf(kind: Caller['kind']): number {
    return kind === 'user' ? this.options.perHour : kind === 'installation' ? this.options.installationPerHour : this.options.unauthenticatedPerHour;
  }

  /** The current window of `who` (a new one once the old has reset). */
  window(who: string): { used: number; reset: number } {
    const now = Math.floor(this.clock.now() / 1000);
    let w = this.windows.get(who);
    if (!w || w.reset <= now) {
      w = { used: 0, reset: now + 3600 };
      this.windows.set(who, w);
    }
    return w;
  }

  /** Requests counted so far for `who` this hour. */
  usedBy(who: string): number {
    return this.window(who).used;
  }

  /** Sets `who`'s count (tests: a caller nearly out of quota). */
  set(who: string, used: number): void {
    this.window(who).used = used;
  }

  /** The layer: refuses past a limit, counts, and adds the headers. */
  /**
   * `resource` is the budget counted: `core` for REST, `graphql` for the GraphQL endpoint, which
   * GitHub limits on its own (5,000 points an hour for a user; the double counts one a query:
   * https://docs.github.com/en/graphql/overview/rate-limits-and-query-limits-for-the-graphql-api).
   */
  middleware(identify: (req: Request) => Caller, resource: 'core' | 'graphql' = 'core'): Middleware {
    return (next) => async (req) => {
      // A CORS preflight carries no credentials and is answered before any limit.
      if (req.method === 'OPTIONS') return next(req);
      const found = identify(req);
      const caller = resource === 'core' ? found : { ...found, who: `${found.who}#${resource}` };
      const limit = this.limitOf(caller.kind);
      const w = this.window(caller.who);
      if (w.used >= limit) {
        const who = caller.kind === 'anonymous' ? `${caller.label}. (But here's the good news: Authenticated requests get a higher rate limit. Check out the documentation for more details.)` : `${caller.label}.`;
        return this.headers(ghError(this.options.status, `API rate limit exceeded for ${who}`), w, limit, resource);
      }
      const busy = this.inFlight.get(caller.who) ?? 0;
      if (busy >= this.options.concurrent) {
        const res = ghError(this.options.status, 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.');
        res.headers.set('retry-after', String(this.options.retryAfterSeconds));
        return this.headers(res, w, limit, resource);
      }
      this.inFlight.set(caller.who, busy + 1);
      let res: Response;
      try {
        res = await next(req);
      } finally {
        this.inFlight.set(caller.who, (this.inFlight.get(caller.who) ?? 1) - 1);
      }
      const window = this.window(caller.who);
      // "Accessing this endpoint does not count against your REST API rate limit" (GET /rate_limit,
      // https://docs.github.com/en/rest/rate-limit/rate-limit#get-rate-limit-status-for-the-authenticated-user).
      const free = new URL(req.url).pathname.endsWith('/rate_limit');
      if (!free && !(res.status === 304 && caller.kind !== 'anonymous')) window.used = Math.min(limit, window.used + 1);
      return this.headers(res, window, limit, resource);
    };
  }

  private headers(res: Response, w: { used: number; reset: number }, limit: number, resource: string): Response {
    res.headers.set('x-ratelimit-limit', String(limit));
    res.headers.set('x-ratelimit-remaining', String(Math.max(0, limit - w.used)));
    res.headers.set('x-ratelimit-used', String(Math.min(limit, w.used)));
    res.headers.set('x-ratelimit-reset', String(w.reset));
    res.headers.set('x-ratelimit-resource', resource);
    res.headers.set('x-github-api-version-selected', '2022-11-28');
    return res;
  }
}
