/**
 * What stops a fresh copy's first runs on GitHub, as doctor explains it:
 * - a fork: "When a public repository is forked, scheduled workflows are disabled by default", and a
 *   fork's workflows stay off until its owner enables them in the Actions tab
 *   (https://docs.github.com/en/actions/managing-workflow-runs-and-deployments/managing-workflow-runs/disabling-and-enabling-a-workflow,
 *   read 2026-12-07); the workflows API reports `disabled_fork`;
 * - a workflow someone turned off (`disabled_manually`: by hand, by `gfa migrate --finish` on the
 *   source, or on a repository made from a template whose owner disabled it) and one GitHub turned off
 *   after 60 days without activity (`disabled_inactivity`).
 * The workflow `state` values are those of `GET /repos/{o}/{r}/actions/workflows`
 * (https://docs.github.com/en/rest/actions/workflows).
 */
import type { Check } from '../types.ts';

/** Why a workflow in `state` does not run, and the fix. */
export function workflowStateMessage(state: string, file: string): string {
  const enable = `enable it in the Actions tab (or gh workflow enable ${file})`;
  if (state === 'disabled_fork') return `${state}: this is a fork, and GitHub leaves a fork's workflows off until they are enabled; ${enable}`;
  if (state === 'disabled_inactivity') return `${state}: GitHub turned it off after 60 days without activity; ${enable}, and keep gfa-keepalive.yml active`;
  if (state === 'disabled_manually') return `${state}: turned off by hand (or by gfa migrate --finish on the old home); ${enable} if this repository is the app's home`;
  return `${state}: ${enable}`;
}

/** The `first-run` check of a fork (undefined for a repository that is not one). */
export function forkCheck(info: { fork?: boolean; full_name?: string }): Check | undefined {
  if (!info.fork) return undefined;
  return { id: 'first-run', status: 'warn', message: `${info.full_name ?? 'this repository'} is a fork: GitHub disables scheduled workflows in forks by default and leaves Actions off until enabled in the Actions tab; enable them there, then run gfa deploy (a fork has none of the secrets)` };
}
