/**
 * GitLab's CORS answers on `/api/*`: the `Rack::Cors` rules in gitlab-org/gitlab `config/application.rb`
 * (mirrored as gitlabhq/gitlabhq; read 2026-12-07) allow any origin without credentials
 * (`origins '*'`, `credentials: false`, "cross-origin requests must not have the session cookie
 * available"), any request header and any method (`headers: :any`, `methods: :any`), and expose the
 * pagination and file headers plus `X-Request-Id` and `ETag` (ETag since gitlab-org/gitlab!164447,
 * 2024). Rate-limit headers (`RateLimit-*`, `Retry-After`) are not exposed: a page sees a 429 but not
 * when to retry. rack-cors (cyu/rack-cors `lib/rack/cors.rb`, `lib/rack/cors/resource.rb`, read
 * 2026-12-07) adds the headers only to requests that carry an `Origin`, names the methods, exposed
 * headers and max-age (7200 s, its default) on every answer, answers a preflight (`OPTIONS` with
 * `Access-Control-Request-Method`) itself with status 200, echoing the requested headers.
 */
import type { CorsPolicy } from '../cors.ts';

/** The policy of gitlab.com's `/api/*`. */
export const GITLAB_CORS: CorsPolicy = {
  allowHeaders: 'any',
  allowMethods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
  exposeHeaders: [
    'Link', 'X-Total', 'X-Total-Pages', 'X-Per-Page', 'X-Page', 'X-Next-Page', 'X-Prev-Page',
    'X-Gitlab-Blob-Id', 'X-Gitlab-Commit-Id', 'X-Gitlab-Content-Sha256', 'X-Gitlab-Encoding', 'X-Gitlab-File-Name',
    'X-Gitlab-File-Path', 'X-Gitlab-Last-Commit-Id', 'X-Gitlab-Ref', 'X-Gitlab-Size', 'X-Request-Id', 'ETag',
  ],
  maxAge: 7200,
  onlyWithOrigin: true,
  preflightStatus: 200,
  methodsOnEveryAnswer: true,
};
