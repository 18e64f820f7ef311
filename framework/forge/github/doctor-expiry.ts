/**
 * When the GitHub tokens doctor holds expire. GitHub answers a request made with an expiring personal
 * access token with its expiry in the `GitHub-Authentication-Token-Expiration` response header
 * ("The time and date of expiration will be returned in the response header when a PAT with
 * expiration is used", https://github.com/github/roadmap/issues/203, shipped in
 * https://github.blog/changelog/2021-07-26-expiration-options-for-personal-access-tokens/, read
 * 2026-12-07), e.g. `2026-09-30 00:00:00 UTC` or `2027-03-19 00:00:00 -0500`. The header is not in
 * api.github.com's CORS `Access-Control-Expose-Headers`, so only a server-side caller such as doctor
 * can read it, never the page.
 */
import { expiryCheck } from '../doctor-expiry.ts';
import type { Check } from '../types.ts';

/** The header's name. */
export const TOKEN_EXPIRATION_HEADER = 'github-authentication-token-expiration';

/** Epoch ms of a `GitHub-Authentication-Token-Expiration` value, or undefined when absent or unreadable. */
export function parseTokenExpiration(value: string | null | undefined): number | undefined {
  const m = /^\s*(\d{4}-\d\d-\d\d)[ T](\d\d:\d\d:\d\d)\s*(UTC|Z|[+-]\d\d:?\d\d)?\s*$/.exec(value ?? '');
  if (!m) return undefined;
  const zone = !m[3] || m[3] === 'UTC' || m[3] === 'Z' ? 'Z' : `${m[3].slice(0, 3)}:${m[3].slice(-2)}`;
  const ms = Date.parse(`${m[1]}T${m[2]}${zone}`);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Reads the expiry of `token` with one harmless GET of the repository; undefined when the request fails. */
export async function readTokenExpiration(apiUrl: string, repo: string, token: string): Promise<{ expiresAt: number | undefined } | undefined> {
  const res = await fetch(`${apiUrl}/repos/${repo}`, { headers: { authorization: `Bearer ${token}`, accept: 'application/vnd.github+json' } }).catch(() => undefined);
  if (!res) return undefined;
  await res.body?.cancel();
  if (!res.ok) return undefined;
  return { expiresAt: parseTokenExpiration(res.headers.get(TOKEN_EXPIRATION_HEADER)) };
}

/** The `dispatch-token-expiry` check of the browser credential (a fine-grained token the owner made). */
export async function dispatchTokenExpiryCheck(apiUrl: string, repo: string, token: string, now: number = Date.now()): Promise<Check> {
  const read = await readTokenExpiration(apiUrl, repo, token);
  if (!read) return { id: 'dispatch-token-expiry', status: 'warn', message: 'the browser credential was refused (GitHub answers an expired or revoked token with 401): make a new fine-grained token, then gfa deploy --dispatch-token-file FILE' };
  return expiryCheck('dispatch-token-expiry', 'the browser credential', read.expiresAt, 'make a new fine-grained token (Actions: write, Contents: read) and run gfa deploy --dispatch-token-file FILE before then, or the page stops starting jobs', now);
}

/** The `token-expiry` check of the token doctor itself runs with, from a response it already has. */
export function ownerTokenExpiryCheck(header: string | undefined, now: number = Date.now()): Check {
  return expiryCheck('token-expiry', 'the token doctor runs with (GITHUB_TOKEN)', parseTokenExpiration(header), 'make a new one before then for gfa deploy and doctor', now);
}
