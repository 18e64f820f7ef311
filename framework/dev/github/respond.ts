/**
 * How the GitHub emulator answers, after GitHub's REST conventions (a test double, not GitHub):
 * - errors are `{ message, documentation_url, status }` (https://docs.github.com/en/rest/using-the-rest-api/troubleshooting-the-rest-api);
 * - rate-limit headers and refusals: rate-limit.ts, a layer in front of the routes;
 * - JSON answers to GETs carry a weak ETag (`W/"…"`), as GitHub's do (the examples in
 *   https://docs.github.com/en/rest/using-the-rest-api/best-practices-for-using-the-rest-api#use-conditional-requests-if-appropriate
 *   show `etag: W/"…"`); `If-None-Match` is compared weakly and may list several tags or be `*`
 *   (RFC 9110 §13.1.2, https://www.rfc-editor.org/rfc/rfc9110#section-13.1.2), and a match gives 304
 *   with no body;
 * - where a resource has a modification time it is sent as `Last-Modified`, and `If-Modified-Since`
 *   gives 304 when nothing changed since; it is ignored when `If-None-Match` is present (RFC 9110
 *   §13.1.3; GitHub's page above: "many endpoints return a last-modified header");
 * - lists are paged with `per_page` (default 30, max 100) and `page`, and a `Link` header
 *   (https://docs.github.com/en/rest/using-the-rest-api/using-pagination-in-the-rest-api);
 * - CORS is the layer in front of the handler (cors.ts).
 */
import { createHash } from 'node:crypto';
import { httpDate } from './time.ts';

const DOCS = 'https://docs.github.com/rest';

/** A GitHub error body. */
export function ghError(status: number, message: string, extra: Record<string, unknown> = {}): Response {
  return Response.json({ message, documentation_url: DOCS, status: String(status), ...extra }, { status });
}

/** True when `If-None-Match` (a list, or `*`) matches `etag` by weak comparison (RFC 9110 §8.8.3.2). */
export function noneMatch(header: string | null, etag: string): boolean {
  if (header === null) return false;
  const opaque = (t: string): string => t.trim().replace(/^W\//, '');
  if (header.trim() === '*') return true;
  return header.split(',').some((t) => opaque(t) === opaque(etag));
}

/** True when the request's validators say the client's copy is current (304). */
export function notModified(req: Request, etag: string, lastModified?: string): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const inm = req.headers.get('if-none-match');
  if (inm !== null) return noneMatch(inm, etag);
  const ims = req.headers.get('if-modified-since');
  if (ims === null || lastModified === undefined) return false;
  const since = Date.parse(ims);
  return !Number.isNaN(since) && Math.floor(Date.parse(lastModified) / 1000) <= Math.floor(since / 1000);
}

/** A JSON answer; GETs get a weak ETag (and `Last-Modified` when given, an ISO time) and honour the conditional headers. */
export function ghJson(req: Request, status: number, body: unknown, headers: Record<string, string> = {}, lastModified?: string): Response {
  const text = JSON.stringify(body);
  const etag = `W/"${createHash('sha256').update(text).digest('hex').slice(0, 40)}"`;
  const all: Record<string, string> = { 'content-type': 'application/json; charset=utf-8', etag, 'cache-control': 'private, max-age=60, s-maxage=60', vary: 'Accept, Authorization', ...headers };
  if (lastModified !== undefined) all['last-modified'] = httpDate(lastModified);
  if (status === 200 && notModified(req, etag, lastModified)) return new Response(null, { status: 304, headers: all });
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
