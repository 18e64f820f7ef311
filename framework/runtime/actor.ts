/**
 * @module Who caused a forge event, as its payload names them. What the payload claims about their
 * relation to the repository (`author_association`, `access_level`) is kept for the handler to see but
 * decides nothing: whether they can push is asked of the forge (./access.ts), and `trusted` stays false
 * until then.
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
 * The actor of a GitHub webhook payload: the `sender`. `author_association` describes the object's
 * author, so it is kept only when the author is also the sender (a maintainer editing a stranger's
 * issue carries the stranger's association).
 */
export function githubActor(event: string, payload: unknown): EventActor {
  const p = obj(payload);
  const sender = obj(p.sender);
  const login = text(sender.login);
  const id = typeof sender.id === 'number' ? sender.id : undefined;
  const authored = obj(p[GITHUB_AUTHORED[event] ?? '']);
  const author = text(obj(authored.user).login);
  const association = author !== undefined && author === login ? text(authored.author_association) : undefined;
  return { ...(login !== undefined ? { login } : {}), ...(id !== undefined ? { id } : {}), ...(association ? { association } : {}), trusted: false };
}

/**
 * The actor of a GitLab webhook payload: `user.username` and `user.id`, and an access level where the
 * payload claims one (`user.access_level`, or `access_level` beside it). Real issue and note hooks carry
 * none (https://docs.gitlab.com/user/project/integrations/webhook_events/), and anyone holding the
 * trigger token writes the whole payload, so the claim is never believed on GitLab CI.
 */
export function gitlabActor(payload: unknown): EventActor {
  const p = obj(payload);
  const user = obj(p.user);
  const login = text(user.username);
  const id = typeof user.id === 'number' ? user.id : typeof p.user_id === 'number' ? p.user_id : undefined;
  const level = typeof user.access_level === 'number' ? user.access_level : typeof p.access_level === 'number' ? p.access_level : undefined;
  return { ...(login !== undefined ? { login } : {}), ...(id !== undefined ? { id } : {}), ...(level !== undefined ? { accessLevel: level } : {}), trusted: false };
}
