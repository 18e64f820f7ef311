/**
 * Who is calling the emulated API, and what they may do.
 * - Tokens: `PRIVATE-TOKEN: <token>` or `Authorization: Bearer <token>`
 *   (https://docs.gitlab.com/api/rest/authentication/); an unknown token is `401 Unauthorized`.
 * - No token: public projects are readable by anyone; private ones answer `404 Project Not Found`
 *   (https://docs.gitlab.com/api/rest/authentication/ : "returns 404 for private resources").
 * - Roles: Reporter reads, Maintainer+ changes settings, variables, triggers and schedules
 *   (https://docs.gitlab.com/user/permissions/).
 */
import type { GitlabState, Role, User } from './state.ts';
import { pastDate } from './routes-tokens.ts';

/** The caller. */
export type Caller = { kind: 'anonymous' } | { kind: 'invalid' } | { kind: 'user'; user: User; role: Role };

const RANK: Record<Role, number> = { reporter: 20, developer: 30, maintainer: 40, owner: 50 };

/** Identifies the caller of `req`. */
export function callerOf(state: GitlabState, req: Request): Caller {
  const token = req.headers.get('private-token') ?? /^Bearer\s+(\S+)$/i.exec(req.headers.get('authorization') ?? '')?.[1];
  if (!token) return { kind: 'anonymous' };
  const grant = state.tokens.get(token);
  const user = grant && state.users.find((u) => u.id === grant.userId);
  // An expired token is refused like an unknown one (https://docs.gitlab.com/user/profile/personal_access_tokens/).
  if (!grant || !user || user.state !== 'active' || pastDate(grant.expiresAt)) return { kind: 'invalid' };
  return { kind: 'user', user, role: grant.role };
}

/** True when the caller may read the project. */
export function canRead(state: GitlabState, caller: Caller): boolean {
  return caller.kind === 'user' || state.project.visibility === 'public';
}

/** True when the caller holds at least `role`. */
export function hasRole(caller: Caller, role: Role): boolean {
  return caller.kind === 'user' && RANK[caller.role] >= RANK[role];
}
