/**
 * Behaviour of the GitLab double that depends on the release it plays (`GitlabState.version`,
 * `startGitlabDev({ version })`), after GitLab's docs and issues (framework/forge/FACTS.md,
 * "GitLab releases gfa needs"):
 * - before 18.4 `ci_push_repository_for_job_token_allowed` has no effect: the push is behind the
 *   feature flag `allow_push_repository_for_job_token`, off by default, removed in 18.4
 *   (gitlab-org/gitlab!201950; doc/ci/jobs/ci_job_token.md);
 * - before 18.5 a trigger-token call under `no_one_allowed` is refused even without variables, since
 *   GitLab adds `TRIGGER_PAYLOAD` to every trigger (gitlab-org/gitlab#557381, fixed by MR !204230;
 *   the release is UNVERIFIED, the double assumes 18.5).
 */
import type { GitlabState } from './state.ts';

function atLeast(version: string, major: number, minor: number): boolean {
  const m = /^(\d+)\.(\d+)/.exec(version);
  if (!m) return true; // an unparsable version plays the newest behaviour
  const [a, b] = [Number(m[1]), Number(m[2])];
  return a > major || (a === major && b >= minor);
}

/** Whether a job token may push, given the project setting and the release. */
export function jobTokenPushAllowed(state: GitlabState): boolean {
  return state.project.settings.ci_push_repository_for_job_token_allowed && atLeast(state.version, 18, 4);
}

/** Whether a trigger call without variables counts as setting one (the TRIGGER_PAYLOAD bug). */
export function triggerPayloadCountsAsVariable(state: GitlabState): boolean {
  return !atLeast(state.version, 18, 5);
}
