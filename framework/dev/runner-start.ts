/**
 * The doubles' latency model: the time from a dispatch (GitHub `workflow_dispatch`), a trigger
 * (GitLab's trigger API), a push or a schedule to the job's first step, which on the forges is spent
 * waiting for a runner and setting it up. `gfa dev --as github|gitlab` defaults to the figures below
 * (sources in framework/forge/FACTS.md, "Runner start"); the programmatic `runnerStartMs` defaults to
 * 0 (today's behaviour, what fast tests want).
 */
import { GfaError } from '../errors.ts';
import type { Clock } from './clock.ts';

/**
 * GitHub-hosted runners: 15 s. GitHub publishes no figure; a third-party runner provider's public
 * statistics for GitHub jobs on its own warm pool give 5–8 s median from job creation to a runner
 * (p90 about 60 s), and the runner's "Set up job" and checkout come on top. A typical start, not a bad day.
 */
export const GITHUB_RUNNER_START_MS = 15_000;

/**
 * GitLab.com hosted runners: 30 s. GitLab's SLO counts a job picked up within 1 s as satisfactory
 * (90 % of jobs), but every job then gets a fresh, autoscaled VM and pulls its image before the first
 * step; GitLab publishes no figure for that, so this is an estimate (UNVERIFIED).
 */
export const GITLAB_RUNNER_START_MS = 30_000;

/** `--runner-start SECONDS` → milliseconds (decimals allowed, e.g. 0.3). */
export function parseRunnerStart(text: string): number {
  if (!/^\d+(\.\d+)?$/.test(text) || Number(text) > 3600) throw new GfaError('E_USAGE', `--runner-start must be a number of seconds from 0 to 3600, not "${text}"`);
  return Math.round(Number(text) * 1000);
}

/**
 * Waits until `runnerStartMs` after `createdAt` (a run queued behind others has been waiting for its
 * runner all along, as forges provision runners in parallel). Rejects when `signal` aborts (the run
 * was cancelled while queued).
 */
export async function waitForRunner(clock: Clock, createdAt: number, runnerStartMs: number, signal?: AbortSignal): Promise<void> {
  const left = createdAt + runnerStartMs - clock.now();
  if (left > 0 || signal?.aborted) await clock.sleep(Math.max(0, left), signal);
}
