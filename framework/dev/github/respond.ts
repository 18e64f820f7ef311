/**
 * How the GitHub emulator answers, after GitHub's REST conventions (a test double, not GitHub):
 * - errors are `{ message, documentation_url, status }` (https://docs.github.com/en/rest/using-the-rest-api/troubleshooting-the-rest-api);
 * - rate-limit headers and refusals: rate-limit.ts, a layer in front of the routes;
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
