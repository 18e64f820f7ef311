/**
 * GitHub's 60-day rule in the GitHub double (a test double, not GitHub): "In a public repository,
 * scheduled workflows are automatically disabled when no repository activity has occurred in 60 days"
 * (https://docs.github.com/en/actions/reference/workflows-and-actions/events-that-trigger-workflows#schedule,
 * read 2026-12-07). GitHub does not document what counts as activity, so the double counts the least
 * that surely does: a push or a commit by a person (a user token), not by a workflow's GITHUB_TOKEN,
 * whose pushes to the data branch are what a gfa app makes all day. Enabling a workflow through
 * `PUT .../actions/workflows/{id}/enable` restarts that workflow's count, which is what keep-alive
 * tools rely on ("uses GitHub API to preemptively re-enable the workflow, thus preventing it from being
 * automatically disabled", https://github.com/liskin/gh-workflow-keepalive, read 2026-12-07); that it
 * resets the count on GitHub is the tools' experience, not a documented promise.
 */
import type { Repo, Token } from './state.ts';

/** Days without activity after which a public repository's scheduled workflows are disabled. */
export const INACTIVITY_DAYS = 60;
const INACTIVITY_MS = INACTIVITY_DAYS * 86_400_000;

/** Records activity at `at` (epoch ms) by `token`: only a person's counts (see the module comment). */
export function recordActivity(repo: Repo, at: number, token: Token | undefined): void {
  if (token?.kind === 'installation') return;
  repo.activityAt = Math.max(repo.activityAt ?? 0, at);
}

/** Records `PUT .../workflows/{file}/enable` at `at`. */
export function recordEnable(repo: Repo, file: string, at: number): void {
  repo.enabledAt.set(file, at);
}

/**
 * Whether a scheduled run of `file` due at `at` may start: false, with the workflow set to
 * `disabled_inactivity`, when the repository is public and neither the repository nor this workflow
 * had activity in the last {@link INACTIVITY_DAYS} days.
 */
export function scheduleAlive(repo: Repo, file: string, at: number): boolean {
  if (repo.visibility !== 'public') return true;
  const last = Math.max(repo.activityAt ?? Date.parse(repo.createdAt), repo.enabledAt.get(file) ?? 0);
  if (at - last < INACTIVITY_MS) return true;
  repo.workflowStates.set(file, 'disabled_inactivity');
  return false;
}
