/**
 * The first layer of the doubles' chain (DESIGN.md §7: CORS → clock/latency → rate limit → auth →
 * route): answers CORS preflights and adds the `Access-Control-*` headers a forge sends, from a policy
 * given as data (each double's `cors.ts` holds its forge's, with the source). The browser does the
 * enforcing: a header outside `allowHeaders` fails the preflight, a header outside `exposeHeaders`
 * reads as null. The layer only has to answer as the forge does, so a page that works on a double
 * also works against the forge's real answers (Fetch standard, https://fetch.spec.whatwg.org/#http-cors-protocol).
 */

/** A fetch-style handler. */
export type FetchHandler = (req: Request) => Promise<Response>;

/** What a forge's API answers to cross-origin requests. */
export interface CorsPolicy {
  /** Request headers a preflight allows; `any` echoes the preflight's `Access-Control-Request-Headers` (rack-cors `headers: :any`). */
  allowHeaders: readonly string[] | 'any';
  /** Methods a preflight allows. */
  allowMethods: readonly string[];
  /** Response headers a page may read besides the CORS-safelisted ones (Cache-Control, Content-Type, …). */
  exposeHeaders: readonly string[];
  /** Seconds a browser may cache a preflight answer. */
  maxAge: number;
  /**
   * `true`: only requests with an `Origin` get CORS headers, and only an `OPTIONS` with `Origin` and
   * `Access-Control-Request-Method` is a preflight (rack-cors); `false`: every answer carries them and
   * every `OPTIONS` is answered as a preflight (GitHub's documented examples).
   */
  onlyWithOrigin: boolean;
  /** Status of a preflight answer: 204 (GitHub's example) or 200 (rack-cors); a browser takes any 2xx. */
  preflightStatus: 200 | 204;
  /** Ordinary answers also carry the allowed methods and max-age (rack-cors does, GitHub's examples do not). */
  methodsOnEveryAnswer: boolean;
}

function isPreflight(req: Request, policy: CorsPolicy): boolean {
  if (req.method !== 'OPTIONS') return false;
  return !policy.onlyWithOrigin || (req.headers.has('origin') && req.headers.has('access-control-request-method'));
}

/** The preflight answer: what the policy allows, and the exposed headers (both forges name them there too). */
export function preflightAnswer(req: Request, policy: CorsPolicy): Response {
  const requested = req.headers.get('access-control-request-headers') ?? '';
  const headers: Record<string, string> = {
    'access-control-allow-origin': '*',
    'access-control-allow-methods': policy.allowMethods.join(', '),
    'access-control-expose-headers': policy.exposeHeaders.join(', '),
    'access-control-max-age': String(policy.maxAge),
  };
  const allow = policy.allowHeaders === 'any' ? requested : policy.allowHeaders.join(', ');
  if (allow !== '') headers['access-control-allow-headers'] = allow;
  return new Response(null, { status: policy.preflightStatus, headers });
}

/** `res` with the CORS headers of an ordinary answer (a copy: a handler's headers may be immutable). */
function withHeaders(res: Response, policy: CorsPolicy): Response {
  const headers = new Headers(res.headers);
  headers.set('access-control-allow-origin', '*');
  headers.set('access-control-expose-headers', policy.exposeHeaders.join(', '));
  if (policy.methodsOnEveryAnswer) {
    headers.set('access-control-allow-methods', policy.allowMethods.join(', '));
    headers.set('access-control-max-age', String(policy.maxAge));
  }
  return new Response(res.body, { status: res.status, statusText: res.statusText, headers });
}

/** Wraps `next` in the CORS layer of `policy`. */
export function withCors(policy: CorsPolicy, next: FetchHandler): FetchHandler {
  return async (req) => {
    if (isPreflight(req, policy)) return preflightAnswer(req, policy);
    const res = await next(req);
    if (policy.onlyWithOrigin && !req.headers.has('origin')) return res;
    return withHeaders(res, policy);
  };
}
