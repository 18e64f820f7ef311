/**
 * @module Who caused a forge event, and what the forge says they are to the repository. Only what the
 * payload itself states counts: anything missing means "not known to be a collaborator".
 */
import type { EventActor } from '../app/types.ts';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (typeof v === 'object' && v !== null ? (v as Obj) : {});
const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/**
 * GitHub's `author_association` values that mean push access or membership
 * (https://docs.github.com/en/graphql/reference/enums#commentauthorassociation): the owner, a member
 * of the owning organisation, or an invited collaborator.
 */
export const GITHUB_TRUSTED = new Set(['OWNER', 'MEMBER', 'COLLABORATOR']);
/** GitLab's Developer access level (30): can push (https://docs.gitlab.com/user/permissions/). */
export const GITLAB_DEVELOPER = 30;

/** Where each GitHub event keeps the object whose `author_association` describes the actor. */
const GITHUB_AUTHORED: Record<string, string> = {
  issues: 'issue',
  issue_comment: 'comment',
  discussion: 'discussion',
  discussion_comment: 'comment',
  pull_request: 'pull_request',
  pull_request_review: 'review',
  pull_request_review_comment: 'comment',
};

/**
 * The actor of a GitHub webhook payload. `author_association` describes the object's author, so it
 * counts only when the author is also the `sender` (a maintainer editing a stranger's issue carries
 * the stranger's association). Publishing a release needs write access, so a release's sender is trusted.
 */
export function githubActor(event: string, payload: unknown): EventActor {
  const p = obj(payload);
  const login = text(obj(p.sender).login);
  if (event === 'release') return { login, trusted: login !== undefined };
  const authored = obj(p[GITHUB_AUTHORED[event] ?? '']);
  const author = text(obj(authored.user).login);
  const association = author !== undefined && author === login ? text(authored.author_association) : undefined;
  return { login, ...(association ? { association } : {}), trusted: association !== undefined && GITHUB_TRUSTED.has(association) };
}

/**
 * The actor of a GitLab webhook payload: `user.username`, and an access level only where the payload
 * gives one (`user.access_level`, or `access_level` beside it). Issue and comment hooks carry none
 * today (https://docs.gitlab.com/user/project/integrations/webhook_events/), so their actors are
 * not trusted: open such a job to everyone and check the actor through the API in the handler.
 */
export function gitlabActor(payload: unknown): EventActor {
  const p = obj(payload);
  const user = obj(p.user);
  const login = text(user.username);
  const level = typeof user.access_level === 'number' ? user.access_level : typeof p.access_level === 'number' ? p.access_level : undefined;
  return { login, ...(level !== undefined ? { accessLevel: level } : {}), trusted: level !== undefined && level >= GITLAB_DEVELOPER };
}
