/**
 * @module Whether the person who caused a forge event can push, asked of the forge's permission API,
 * never read from the event payload: on GitLab a holder of the trigger token writes `TRIGGER_PAYLOAD`
 * whole, and GitHub's `author_association` MEMBER or COLLABORATOR does not imply push access (an
 * organisation member or a read-only collaborator has it).
 *
 * - GitHub Actions: `GET /repos/{owner}/{repo}/collaborators/{username}/permission` with the job's
 *   `GITHUB_TOKEN` (fine-grained tokens need Metadata: read, which every `GITHUB_TOKEN` has;
 *   `permission` is the legacy base role, `maintain` mapped to `write`; docs.github.com "REST API
 *   endpoints for collaborators", read 2026-12-07). Push access is `admin` or `write`.
 * - GitLab CI: `GET /projects/:id/members/all/:user_id` (inherited members included; docs.gitlab.com
 *   "Group and project members API", read 2026-12-07) with `GFA_PUSH_TOKEN`, which then needs
 *   `read_api`. `CI_JOB_TOKEN` cannot read members (it is limited to the endpoints of "CI/CD job
 *   token"), so without that token every GitLab event actor is untrusted. Push access is Developer (30)
 *   or above.
 * - Elsewhere (`gfa run`, the embedded forge): the payload is the local user's own file, so its claims
 *   stand in for the forge's answer.
 *
 * Every failure to ask counts as "cannot push" (fail closed), with the reason.
 */
import type { EventActor } from '../app/types.ts';
import { ENV } from '../contract.ts';
import { GITHUB_TRUSTED, GITLAB_DEVELOPER } from './actor.ts';

type Env = Record<string, string | undefined>;
type Fetch = (url: string, init: { headers: Record<string, string>; signal: AbortSignal }) => Promise<Response>;

/** The forge's answer: can the actor push, and what it said (for the refusal message). */
export interface Access { trusted: boolean; relation: string }

/** Asks the forge about an event's actor. */
export type AccessCheck = (actor: EventActor) => Promise<Access>;

const TIMEOUT_MS = 10_000;
const GITHUB_PUSH = new Set(['admin', 'write']);

async function getJson(fetchFn: Fetch, url: string, headers: Record<string, string>): Promise<{ status: number; body: unknown }> {
  const res = await fetchFn(url, { headers, signal: AbortSignal.timeout(TIMEOUT_MS) });
  const text = await res.text();
  let body: unknown;
  try { body = JSON.parse(text); } catch { body = undefined; }
  return { status: res.status, body };
}

const field = (body: unknown, name: string): unknown => (typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[name] : undefined);

function githubCheck(env: Env, fetchFn: Fetch): AccessCheck {
  return async (actor) => {
    if (actor.login === undefined) return { trusted: false, relation: 'not named by the event' };
    const token = env.GITHUB_TOKEN;
    const repo = env.GITHUB_REPOSITORY;
    if (!token || !repo) return { trusted: false, relation: 'of unknown permission (no GITHUB_TOKEN or GITHUB_REPOSITORY to ask GitHub)' };
    const api = (env.GITHUB_API_URL ?? 'https://api.github.com').replace(/\/+$/, '');
    const url = `${api}/repos/${repo}/collaborators/${encodeURIComponent(actor.login)}/permission`;
    try {
      const { status, body } = await getJson(fetchFn, url, { authorization: `Bearer ${token}`, accept: 'application/vnd.github+json' });
      if (status === 404) return { trusted: false, relation: 'not a collaborator' };
      const permission = field(body, 'permission');
      if (status !== 200 || typeof permission !== 'string') return { trusted: false, relation: `of unknown permission (GitHub answered HTTP ${status})` };
      return { trusted: GITHUB_PUSH.has(permission), relation: `a collaborator with ${permission} permission` };
    } catch (err) {
      return { trusted: false, relation: `of unknown permission (${err instanceof Error ? err.name : 'error'} asking GitHub)` };
    }
  };
}

function gitlabCheck(env: Env, fetchFn: Fetch): AccessCheck {
  return async (actor) => {
    if (actor.id === undefined) return { trusted: false, relation: 'not named by the event' };
    const token = env[ENV.pushToken];
    const api = env.CI_API_V4_URL?.replace(/\/+$/, '');
    if (!token || !api || !env.CI_PROJECT_ID) return { trusted: false, relation: `of unknown access level (GitLab's job token cannot read members: set ${ENV.pushToken} with read_api to check)` };
    const url = `${api}/projects/${encodeURIComponent(env.CI_PROJECT_ID)}/members/all/${actor.id}`;
    try {
      const { status, body } = await getJson(fetchFn, url, { 'private-token': token });
      if (status === 404) return { trusted: false, relation: 'not a member' };
      const level = field(body, 'access_level');
      if (status !== 200 || typeof level !== 'number') return { trusted: false, relation: `of unknown access level (GitLab answered HTTP ${status})` };
      return { trusted: level >= GITLAB_DEVELOPER, relation: `a member with access level ${level}` };
    } catch (err) {
      return { trusted: false, relation: `of unknown access level (${err instanceof Error ? err.name : 'error'} asking GitLab)` };
    }
  };
}

/** Locally the payload is the user's own: its claims stand. */
const payloadClaims: AccessCheck = async (actor) => {
  if (actor.association !== undefined) return { trusted: GITHUB_TRUSTED.has(actor.association), relation: actor.association };
  if (actor.accessLevel !== undefined) return { trusted: actor.accessLevel >= GITLAB_DEVELOPER, relation: `access level ${actor.accessLevel}` };
  return { trusted: false, relation: 'of unknown relation' };
};

/** The check for the place this runs: GitHub Actions, GitLab CI, or a local run. */
export function accessCheck(env: Env, fetchFn: Fetch = (url, init) => fetch(url, init)): AccessCheck {
  if (env.GITHUB_ACTIONS === 'true') return githubCheck(env, fetchFn);
  if (env.GITLAB_CI === 'true') return gitlabCheck(env, fetchFn);
  return payloadClaims;
}
