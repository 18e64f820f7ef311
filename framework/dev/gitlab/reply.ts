/**
 * Replies in GitLab's REST shapes: JSON bodies, errors as `{ "message": ... }` with the status line
 * text GitLab uses ("404 Project Not Found", "401 Unauthorized") and offset pagination headers
 * (the CORS headers GitLab sends on `/api/*` are the layer in cors.ts).
 *
 * - Errors: https://docs.gitlab.com/api/rest/troubleshooting/#status-codes ("error messages are returned
 *   as a JSON object with a `message` key").
 * - Pagination: https://docs.gitlab.com/api/rest/#offset-based-pagination (`page`, `per_page` ≤ 100,
 *   headers `x-page`, `x-per-page`, `x-total`, `x-total-pages`, `x-next-page`, `x-prev-page`, `Link`).
 */

/** A JSON answer. */
export function ok(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

/** An error answer in GitLab's shape: `{"message": "404 Project Not Found"}`. */
export function gitlabError(status: number, message: unknown): Response {
  return ok({ message }, status);
}

/**
 * A parameter error as Grape reports it before the endpoint runs: 400 `{"error": "ref is missing"}`
 * (`error`, not `message`: GitLab's `lib/api/api.rb` answers every `Grape::Exceptions::Base`, the
 * parameter validation errors among them, with `error! e.message`, which Grape's JSON error formatter
 * wraps as `{"error": …}`; an element of an array parameter is named `inputs[0][value]`).
 */
export function grapeError(message: string): Response {
  return ok({ error: message }, 400);
}

/** Shorthands for the status lines GitLab uses. */
export const E = {
  unauthorized: () => gitlabError(401, '401 Unauthorized'),
  forbidden: () => gitlabError(403, '403 Forbidden'),
  notFound: (what = '') => gitlabError(404, `404${what ? ` ${what}` : ''} Not Found`),
  badRequest: (message: unknown) => gitlabError(400, message),
};

/**
 * One page of `items` for `?page=&per_page=` with GitLab's headers (per_page defaults to 20, at most
 * 100). Above 10,000 items GitLab leaves out `x-total`, `x-total-pages` and the `rel="last"` link
 * (doc/api/rest/_index.md, "Pagination response headers").
 */
export function paginate<T>(req: Request, items: T[]): Response {
  const url = new URL(req.url);
  const perPage = Math.min(100, Math.max(1, Number(url.searchParams.get('per_page')) || 20));
  const page = Math.max(1, Number(url.searchParams.get('page')) || 1);
  const totalPages = Math.max(1, Math.ceil(items.length / perPage));
  const link = (p: number, rel: string): string => {
    const u = new URL(url);
    u.searchParams.set('page', String(p));
    u.searchParams.set('per_page', String(perPage));
    return `<${u.toString()}>; rel="${rel}"`;
  };
  const counted = items.length <= 10_000;
  const links = counted ? [link(1, 'first'), link(totalPages, 'last')] : [link(1, 'first')];
  if (page < totalPages) links.unshift(link(page + 1, 'next'));
  if (page > 1) links.unshift(link(page - 1, 'prev'));
  return ok(items.slice((page - 1) * perPage, page * perPage), 200, {
    'x-page': String(page),
    'x-per-page': String(perPage),
    ...(counted ? { 'x-total': String(items.length), 'x-total-pages': String(totalPages) } : {}),
    'x-next-page': page < totalPages ? String(page + 1) : '',
    'x-prev-page': page > 1 ? String(page - 1) : '',
    link: links.join(', '),
  });
}

/** Reads a request's parameters: JSON body, form body and query string merged (GitLab's Grape API takes all three). */
export async function params(req: Request): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = Object.fromEntries(new URL(req.url).searchParams);
  if (req.method === 'GET' || req.method === 'HEAD') return out;
  const type = req.headers.get('content-type') ?? '';
  const text = await req.text();
  if (text === '') return out;
  if (/json/i.test(type)) {
    const body = JSON.parse(text) as unknown;
    if (body && typeof body === 'object' && !Array.isArray(body)) Object.assign(out, body);
  } else {
    for (const [k, v] of new URLSearchParams(text)) {
      // `variables[KEY]=value` / `inputs[name]=value`: one level of brackets becomes an object.
      const m = /^([^[\]]+)\[([^[\]]+)\]$/.exec(k);
      if (!m) out[k] = v;
      else out[m[1]!] = { ...(out[m[1]!] as Record<string, string> | undefined), [m[2]!]: v };
    }
  }
  return out;
}

/**
 * Keyset pagination (`pagination=keyset`, https://docs.gitlab.com/api/rest/#keyset-based-pagination):
 * no totals, only a `Link: <…>; rel="next"` header while more items remain. GitLab documents the
 * tree's `page_token` as the last record's id; here it is the last item's `key` (the client only
 * follows the link). `param` names the cursor: `page_token` for the tree, `cursor` elsewhere; `items`
 * must be in the order of `key`, ascending, or descending with `descending`.
 */
export function keysetPage<T>(req: Request, items: T[], key: (item: T) => string, param = 'page_token', descending = false): Response {
  const url = new URL(req.url);
  const perPage = Math.min(100, Math.max(1, Number(url.searchParams.get('per_page')) || 20));
  const token = url.searchParams.get(param);
  const start = token === null ? 0 : items.findIndex((x) => (descending ? key(x) < token : key(x) > token));
  const page = start === -1 ? [] : items.slice(start, start + perPage);
  const headers: Record<string, string> = {};
  if (start !== -1 && start + perPage < items.length) {
    const next = new URL(url);
    next.searchParams.set(param, key(page.at(-1)!));
    headers.link = `<${next.toString()}>; rel="next"`;
  }
  return ok(page, 200, headers);
}
