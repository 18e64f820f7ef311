/**
 * GitHub's CORS answers on the REST API, as "Using CORS and JSONP to make cross-origin requests"
 * documents them (https://docs.github.com/en/rest/using-the-rest-api/using-cors-and-jsonp-to-make-cross-origin-requests,
 * read 2026-12-07): any origin (`Access-Control-Allow-Origin: *`); a preflight (`OPTIONS`) answered 204
 * with the allowed request headers, methods, exposed headers and a max-age of 86400; the same
 * `Access-Control-Expose-Headers` on every answer. A request header outside the list (for example
 * `X-GitHub-Api-Version`, or `Cache-Control`) fails the preflight in the browser; a response header
 * outside the exposed list (for example `Retry-After`, `X-RateLimit-Used`) reads as null in a page.
 */
import type { CorsPolicy } from '../cors.ts';

/** The policy of api.github.com (and of GitHub Enterprise Server's `/api/v3`, whose page shows the same lists). */
export const GITHUB_CORS: CorsPolicy = {
  allowHeaders: ['Authorization', 'Content-Type', 'If-Match', 'If-Modified-Since', 'If-None-Match', 'If-Unmodified-Since', 'X-Requested-With'],
  allowMethods: ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'],
  exposeHeaders: ['ETag', 'Link', 'x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset', 'X-OAuth-Scopes', 'X-Accepted-OAuth-Scopes', 'X-Poll-Interval'],
  maxAge: 86400,
  onlyWithOrigin: false,
  preflightStatus: 204,
  methodsOnEveryAnswer: false,
};
