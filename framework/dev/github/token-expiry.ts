/**
 * Token expiry in the GitHub double (a test double, not GitHub): a request with an expired token gets
 * `401 Bad credentials`, and every answer to a request made with an expiring token carries
 * `GitHub-Authentication-Token-Expiration: YYYY-MM-DD HH:MM:SS UTC` ("The time and date of expiration
 * will be returned in the response header when a PAT with expiration is used",
 * https://github.com/github/roadmap/issues/203, read 2026-12-07; the `UTC` form is what public
 * clients record from api.github.com). The header is not added to the CORS exposed headers (cors.ts),
 * as GitHub does not expose it to pages.
 */
import type { Token } from './state.ts';

/** The header value for `ms`. */
export function expirationHeader(ms: number): string {
  return `${new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** True when `token` has expired at `now`. */
export function expired(token: Token | undefined, now: number): boolean {
  return token?.expiresAt !== undefined && token.expiresAt <= now;
}

/** Adds the expiry header to `res` when `token` expires. */
export function withExpiration(res: Response, token: Token | undefined): Response {
  if (token?.expiresAt === undefined) return res;
  try {
    res.headers.set('github-authentication-token-expiration', expirationHeader(token.expiresAt));
    return res;
  } catch {
    // Immutable headers (a fetched Response): copy.
    const copy = new Response(res.body, res);
    copy.headers.set('github-authentication-token-expiration', expirationHeader(token.expiresAt));
    return copy;
  }
}
