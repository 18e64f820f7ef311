/**
 * How the GitHub emulator answers, after GitHub's REST conventions (a test double, not GitHub):
 * - errors are `{ message, documentation_url, status }` (https://docs.github.com/en/rest/using-the-rest-api/troubleshooting-the-rest-api);
 * - every answer carries `x-ratelimit-limit/remaining/used/reset/resource`; a 304 to a conditional
 *   request made with an Authorization header does not count
 *   (https://docs.github.com/en/rest/using-the-rest-api/best-practices-for-using-the-rest-api#use-conditional-requests-if-appropriate);
 *   past the limit: 403 with `x-ratelimit-remaining: 0` (https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api);
 * - GET answers carry a weak-free strong ETag, and `If-None-Match` with it gives 304 with no body;
 * - lists are paged with `per_page` (default 30, max 100) and `page`, and a `Link` header
 *   (https://docs.github.com/en/rest/using-the-rest-api/using-pagination-in-the-rest-api);
 * - CORS is the layer in front of the handler (cors.ts).
 */
import { createHash } from 'node:crypto';

const DOCS = 'https://docs.github.com/rest';

/** A GitHub error body. */
export function ghError(status: number, message: string, extra: Record<string, unknown> = {}): Response {
  return Response.json({ message, documentation_url: DOCS, status: String(status), ...extra }, { status });
}

/** A JSON answer; GETs get an ETag and honour If-None-Match. */
export function ghJson(req: Request, status: number, body: unknown, headers: Record<string, string> = {}): Response {
  const text = JSON.stringify(body);
  const etag = `"${createHash('sha256').update(text).digest('hex').slice(0, 40)}"`;
  const all = { 'content-type': 'application/json; charset=utf-8', etag, 'cache-control': 'private, max-age=60, s-maxage=60', vary: 'Accept, Authorization', ...headers };
  if (req.method === 'GET' && req.headers.get('if-none-match') === etag) return new Response(null, { status: 304, headers: all });
  return new Response(text, { status, headers: all });
}

/** An empty answer (204). */
export function ghEmpty(status = 204): Response {
  return new Response(null, { status });
}

/** One page of `items` and the Link header for the others. */
export function paginate<T>(req: Request, items: T[]): { page: T[]; link?: string } {
  const url = new URL(req.url);
  const perPage = Math.min(100, Math.max(1, Number(url.searchParams.get('per_page') ?? 30) || 30));
  const pageNo = Math.max(1, Number(url.searchParams.get('page') ?? 1) || 1);
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const at = (n: number, rel: string): string => {
    const u = new URL(url);
    u.searchParams.set('per_page', String(perPage));
    u.searchParams.set('page', String(n));
    return `<${u}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (pageNo > 1) links.push(at(pageNo - 1, 'prev'), at(1, 'first'));
  if (pageNo < last) links.push(at(pageNo + 1, 'next'), at(last, 'last'));
  return { page: items.slice((pageNo - 1) * perPage, pageNo * perPage), link: links.length ? links.join(', ') : undefined };
}

/** Per-token (or per-address) request counts in the current hour. */
export class RateLimits {
  private used = new Map<string, { used: number; reset: number }>();

  /** Requests counted so far for `who` this hour. */
  usedBy(who: string): number {
    return this.window(who).used;
  }

  private window(who: string): { used: number; reset: number } {
    const now = Math.floor(Date.now() / 1000);
    let w = this.used.get(who);
    if (!w || w.reset <= now) {
      w = { used: 0, reset: now + 3600 };
      this.used.set(who, w);
    }
    return w;
  }

  /** True when `who` has no request left. */
  exhausted(who: string, limit: number): boolean {
    return this.window(who).used >= limit;
  }

  /** Adds the headers to `res`, counting the request unless it was a 304 made with a token. */
  apply(res: Response, who: string, limit: number, authorized: boolean): Response {
    const w = this.window(who);
    if (!(res.status === 304 && authorized)) w.used += 1;
    res.headers.set('x-ratelimit-limit', String(limit));
    res.headers.set('x-ratelimit-remaining', String(Math.max(0, limit - w.used)));
    res.headers.set('x-ratelimit-used', String(w.used));
    res.headers.set('x-ratelimit-reset', String(w.reset));
    res.headers.set('x-ratelimit-resource', 'core');
    res.headers.set('x-github-api-version-selected', '2022-11-28');
    return res;
  }

  /** Sets `who`'s count (tests: simulate an exhausted limit). */
  set(who: string, used: number): void {
    this.window(who).used = used;
  }
}
