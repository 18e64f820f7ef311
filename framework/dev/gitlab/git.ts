/**
 * Git over HTTP for the emulated project at `/<path>.git`, served by the real `git http-backend`,
 * with GitLab's credential rules:
 * - a personal access token as the password (user `oauth2` or any name,
 *   https://docs.gitlab.com/user/profile/personal_access_tokens/) reads and, for Developer+, pushes;
 * - `gitlab-ci-token:<CI_JOB_TOKEN>` of a running job reads, and pushes only when the project allows
 *   Git push requests with the job token (`ci_push_repository_for_job_token_allowed`, effective from
 *   18.4: releases.ts), else
 *   403 "You are not allowed to upload code."
 *   (https://docs.gitlab.com/ci/jobs/ci_job_token/#allow-git-push-requests-to-your-project-repository);
 * - anonymous clones of a public project are allowed; anything else gets 401 with
 *   `WWW-Authenticate: Basic realm="GitLab"`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { handleGitHttp } from '../git-http.ts';
import { jobTokenPushAllowed } from './releases.ts';
import type { GitlabState } from './state.ts';

type GitCaller = { kind: 'anonymous' } | { kind: 'job' } | { kind: 'user'; canPush: boolean } | { kind: 'invalid' };

function gitCaller(state: GitlabState, header: string | undefined): GitCaller {
  const m = /^Basic\s+(\S+)$/i.exec(header ?? '');
  if (!m) return { kind: 'anonymous' };
  const text = Buffer.from(m[1]!, 'base64').toString('utf8');
  const i = text.indexOf(':');
  const [user, pass] = i === -1 ? [text, ''] : [text.slice(0, i), text.slice(i + 1)];
  if (user === 'gitlab-ci-token') return state.jobTokens.has(pass) ? { kind: 'job' } : { kind: 'invalid' };
  const grant = state.tokens.get(pass);
  if (!grant || state.users.find((u) => u.id === grant.userId)?.state !== 'active') return { kind: 'invalid' };
  return { kind: 'user', canPush: grant.role !== 'reporter' };
}

function deny(res: ServerResponse, status: number, text: string): void {
  const headers: Record<string, string> = { 'content-type': 'text/plain' };
  if (status === 401) headers['www-authenticate'] = 'Basic realm="GitLab"';
  res.writeHead(status, headers).end(text);
}

/** True when `url` addresses the project's repository. */
export function isGitPath(state: GitlabState, url: string): boolean {
  return url.startsWith(`/${state.project.path}.git/`);
}

/**
 * Answers one smart-HTTP request; `onPushed(user)` runs after a push by a user (not a job), so the
 * caller can start a push pipeline.
 */
export async function serveGit(state: GitlabState, reposRoot: string, req: IncomingMessage, res: ServerResponse, onPushed: () => void): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const push = url.pathname.endsWith('/git-receive-pack') || url.searchParams.get('service') === 'git-receive-pack';
  const caller = gitCaller(state, req.headers.authorization);
  if (caller.kind === 'invalid') return deny(res, 401, 'HTTP Basic: Access denied.');
  if (caller.kind === 'anonymous' && (push || state.project.visibility !== 'public')) return deny(res, 401, 'HTTP Basic: Access denied.');
  if (push && caller.kind === 'job' && !jobTokenPushAllowed(state)) return deny(res, 403, 'You are not allowed to upload code.');
  if (push && caller.kind === 'user' && !caller.canPush) return deny(res, 403, 'You are not allowed to push code to this project.');
  await handleGitHttp(req, res, { projectRoot: reposRoot, remoteUser: caller.kind === 'job' ? 'gitlab-ci-token' : 'owner' });
  if (push && req.method === 'POST' && caller.kind === 'user') onPushed();
}

/** Where the project's bare repository lives under `reposRoot`. */
export const repoDir = (reposRoot: string, state: GitlabState): string => join(reposRoot, `${state.project.path}.git`);
