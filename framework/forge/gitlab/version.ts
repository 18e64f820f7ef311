/**
 * The GitLab releases gfa works on, and why (framework/forge/FACTS.md, "GitLab releases gfa needs"):
 * - **18.1**: `inputs` on the pipeline trigger API and on pipeline schedules generally available
 *   (trigger inputs 17.10 behind a flag, on for GitLab.com in 17.11; https://docs.gitlab.com/ci/inputs/,
 *   https://docs.gitlab.com/api/pipeline_schedules/).
 * - **18.4**: jobs may push with `CI_JOB_TOKEN` once `ci_push_repository_for_job_token_allowed` is on:
 *   the setting exists since 17.2, but behind the flag `allow_push_repository_for_job_token` (off by
 *   default; on GitLab.com from 18.3), removed and generally available in 18.4 (gitlab-org/gitlab!201950,
 *   doc/ci/jobs/ci_job_token.md "Allow Git push requests to your project repository").
 * - **18.5**: trigger-token calls work under `ci_pipeline_variables_minimum_override_role=no_one_allowed`
 *   (which `gfa deploy` sets). Before the fix (gitlab-org/gitlab#557381, MR !204230) every trigger
 *   call failed with "Insufficient permissions to set pipeline variables", because GitLab adds the
 *   `TRIGGER_PAYLOAD` variable to each one. The MR follows !201950 (in 18.4); that 18.5 is the first
 *   release carrying it is UNVERIFIED (no release note or changelog entry was found).
 */
import type { Check } from '../types.ts';

type Release = readonly [number, number];

/** The first releases with each thing gfa needs. */
export const RELEASES = {
  inputs: [18, 1],
  jobTokenPush: [18, 4],
  triggerUnderNoOneAllowed: [18, 5],
} as const satisfies Record<string, Release>;

/** The first release on which everything gfa needs works. */
export const MIN_VERSION: Release = RELEASES.triggerUnderNoOneAllowed;

function parse(version: string): Release | undefined {
  const m = /^(\d+)\.(\d+)/.exec(version);
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

/** True when `version` (e.g. `18.6.0-ee`) is `release` or later. */
export function atLeast(version: string, release: Release): boolean {
  const v = parse(version);
  return v !== undefined && (v[0] > release[0] || (v[0] === release[0] && v[1] >= release[1]));
}

/** True when `version` has trigger and schedule inputs generally available. */
export function supportsInputs(version: string): boolean {
  return atLeast(version, RELEASES.inputs);
}

const name = (r: Release): string => `${r[0]}.${r[1]}`;

/** What does not work on `version`, each as a clause. */
export function versionGaps(version: string): string[] {
  const gaps: string[] = [];
  if (!atLeast(version, RELEASES.inputs)) gaps.push(`pipeline inputs on triggers and schedules are missing or behind a flag (generally available in ${name(RELEASES.inputs)})`);
  if (!atLeast(version, RELEASES.jobTokenPush)) gaps.push(`jobs cannot push the data branch with CI_JOB_TOKEN unless an administrator enables the feature flag allow_push_repository_for_job_token (generally available in ${name(RELEASES.jobTokenPush)})`);
  if (!atLeast(version, RELEASES.triggerUnderNoOneAllowed)) gaps.push(`trigger-token calls fail with "Insufficient permissions to set pipeline variables" while pipeline variables are locked to no_one_allowed, as gfa deploy sets them (gitlab-org/gitlab#557381, fixed in ${name(RELEASES.triggerUnderNoOneAllowed)})`);
  return gaps;
}

/** Doctor's `version` check. */
export function versionCheck(version: string | undefined): Check {
  if (version === undefined) return { id: 'version', status: 'warn', message: `cannot read the GitLab version (GET /metadata); gfa needs ${name(MIN_VERSION)} or later` };
  const gaps = versionGaps(version);
  if (gaps.length === 0) return { id: 'version', status: 'ok', message: `GitLab ${version}: trigger and schedule inputs, job-token pushes and triggers under locked pipeline variables all work (${name(MIN_VERSION)}+)` };
  return { id: 'version', status: 'error', message: `GitLab ${version} is older than ${name(MIN_VERSION)}: ${gaps.join('; ')}; upgrade the instance to ${name(MIN_VERSION)} or later` };
}
