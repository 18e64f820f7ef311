/**
 * Token self-inspection in the GitLab double (a test double, not GitLab):
 * `GET /personal_access_tokens/self` answers the calling token's `id`, `name`, `revoked`,
 * `created_at`, `scopes`, `user_id`, `last_used_at`, `active` and `expires_at` (a date)
 * (https://docs.gitlab.com/api/personal_access_tokens/#get-a-single-personal-access-token, "self",
 * read 2026-12-07). An expired token is refused with 401 everywhere (access.ts), as GitLab does.
 */
import type { Caller } from './access.ts';
import { E, ok } from './reply.ts';
import type { GitlabState } from './state.ts';

/** True when `date` (`YYYY-MM-DD`) is before today (UTC): GitLab's tokens stop at the start of their expiry day. */
export function pastDate(date: string | null | undefined, now: number = Date.now()): boolean {
  return typeof date === 'string' && date <= new Date(now).toISOString().slice(0, 10);
}

/** `GET /personal_access_tokens/self`. */
export function tokenSelfRoute(state: GitlabState, req: Request, caller: Caller): Response {
  if (caller.kind !== 'user') return E.unauthorized();
  const raw = req.headers.get('private-token') ?? /^Bearer\s+(\S+)$/i.exec(req.headers.get('authorization') ?? '')?.[1] ?? '';
  const grant = state.tokens.get(raw)!;
  return ok({
    id: grant.id ?? 1, name: grant.name ?? 'gfa', revoked: false, created_at: '2026-01-01T00:00:00.000Z', scopes: ['api'],
    user_id: caller.user.id, last_used_at: null, active: true, expires_at: grant.expiresAt ?? null,
  });
}
