/**
 * The instance version gfa needs: `inputs` on the pipeline trigger API and on pipeline schedules are
 * generally available from GitLab 18.1 (trigger inputs: 17.10 behind a flag, on for GitLab.com in
 * 17.11; https://docs.gitlab.com/ci/inputs/ and https://docs.gitlab.com/api/pipeline_schedules/).
 */
import type { Check } from '../types.ts';

/** The first version with trigger and schedule inputs generally available. */
export const MIN_VERSION: readonly [number, number] = [18, 1];

/** True when `version` (e.g. `18.6.0-ee`) is at least {@link MIN_VERSION}. */
export function supportsInputs(version: string): boolean {
  const m = /^(\d+)\.(\d+)/.exec(version);
  if (!m) return false;
  const [major, minor] = [Number(m[1]), Number(m[2])];
  return major > MIN_VERSION[0] || (major === MIN_VERSION[0] && minor >= MIN_VERSION[1]);
}

/** Doctor's `version` check. */
export function versionCheck(version: string | undefined): Check {
  if (version === undefined) return { id: 'version', status: 'warn', message: 'cannot read the GitLab version (GET /metadata); inputs on triggers and schedules need 18.1 or later' };
  if (supportsInputs(version)) return { id: 'version', status: 'ok', message: `GitLab ${version} supports inputs on triggers and schedules` };
  return { id: 'version', status: 'error', message: `GitLab ${version} is older than 18.1: pipeline inputs on triggers and schedules are missing or behind a flag; upgrade the instance` };
}
