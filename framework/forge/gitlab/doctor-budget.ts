/**
 * Doctor's budget on GitLab (the shared checks are ../doctor-minutes.ts and ../doctor-expiry.ts):
 * - minutes: the schedules' runs a month (capped at the tier's pipelines per schedule a day) times the
 *   median `duration` of recent scheduled pipelines (`GET /projects/:id/pipelines?source=schedule`,
 *   then each `GET .../pipelines/:id`, https://docs.gitlab.com/api/pipelines/), times the cost factor,
 *   against the namespace's compute quota. On GitLab.com: "Job duration / 60 * Cost factor", factor 1
 *   for standard projects public or private on the default small Linux runner (0.5 only for public
 *   projects in the GitLab for Open Source program), usage reset "on the first day of the month"
 *   (https://docs.gitlab.com/ci/pipelines/compute_minutes/, read 2026-12-07); quotas Free 400,
 *   Premium 10,000, Ultimate 50,000 a month (https://about.gitlab.com/pricing/, read 2026-12-07).
 *   A self-managed instance reports no plan: "Compute quotas are disabled by default"
 *   (https://docs.gitlab.com/administration/cicd/compute_minutes/).
 * - expiry: the owner's token (`GET /personal_access_tokens/self`,
 *   https://docs.gitlab.com/api/personal_access_tokens/) and gfa's trigger token, the browser
 *   credential (`expires_at` of `GET /projects/:id/triggers`, GitLab's lib/api/ci/triggers.rb), and
 *   the trigger owner's state: a trigger acts with its owner's access, so a blocked owner stops it.
 * - first runs: on GitLab.com, "If you encounter identity verification errors when running CI/CD
 *   pipelines" (https://docs.gitlab.com/security/identity_verification/, read 2026-12-07): new Free
 *   users must verify a phone number or credit card before instance runners take their jobs
 *   (gitlab-org/gitlab!151834 added the pipeline check).
 */
import type { Manifest } from '../../app/manifest.ts';
import { expiryCheck } from '../doctor-expiry.ts';
import { firesPerMonth, median, minutesCheck, type MinutesPlan, type MinutesSource } from '../doctor-minutes.ts';
import type { Check } from '../types.ts';
import type { GitlabApi } from './api.ts';
import { TRIGGER_DESCRIPTION } from './project.ts';
import { DAILY_SCHEDULE_LIMIT, runsPerDay, wantedSchedules } from './schedules.ts';

/** Compute minutes a month by namespace plan on GitLab.com. */
export const GITLAB_COMPUTE_QUOTA: Record<string, number> = { free: 400, premium: 10_000, ultimate: 50_000 };
/** Pipelines sampled for durations. */
const SAMPLE = 5;

type PipelineRow = { id: number; status?: string };
type PipelineDetail = { duration?: number | null };

/** The median running time, in seconds, of the last successful scheduled pipelines (undefined: none). */
async function scheduledDuration(gl: GitlabApi): Promise<{ seconds: number | undefined; count: number }> {
  const rows = (await gl.read('listing scheduled pipelines', () => gl.api.Pipelines.all(gl.project, { source: 'schedule', status: 'success', perPage: SAMPLE, maxPages: 1 } as never) as Promise<PipelineRow[]>, true)) ?? [];
  const seconds: number[] = [];
  for (const row of rows.slice(0, SAMPLE)) {
    const p = (await gl.read('reading a pipeline', () => gl.api.Pipelines.show(gl.project, row.id) as Promise<PipelineDetail>, true)) ?? {};
    if (typeof p.duration === 'number' && p.duration >= 0) seconds.push(p.duration);
  }
  return { seconds: median(seconds), count: seconds.length };
}

/** One source per wanted schedule. */
export async function gitlabScheduleMinutes(gl: GitlabApi, m: Manifest, plan: string | undefined, now: number = Date.now()): Promise<MinutesSource[]> {
  const wanted = wantedSchedules(m, 'main');
  if (wanted.length === 0) return [];
  const { seconds, count } = await scheduledDuration(gl);
  const each = seconds === undefined ? 1 : seconds / 60;
  const limit = plan ? DAILY_SCHEDULE_LIMIT[plan] : undefined;
  return wanted.map((w) => {
    const perDay = runsPerDay(w.cron);
    const capped = limit !== undefined && perDay > limit;
    const runs = capped ? limit * 30 : firesPerMonth(w.cron, now);
    const how = seconds === undefined ? '1 min each (no finished scheduled pipeline yet, so assumed)' : `${each.toFixed(1)} min each (median of ${count} recent scheduled pipelines: ${Math.round(seconds)} s)`;
    return { label: `schedule ${w.job} (${w.cron})`, minutesPerMonth: runs * each, basis: `${runs} runs${capped ? ` (the tier's ${limit} a day)` : ''} × ${how}` };
  });
}

/** The `minutes` check, or undefined when nothing is scheduled. */
export async function gitlabMinutesCheck(gl: GitlabApi, m: Manifest, plan: string | undefined, extra: MinutesSource[] = [], now: number = Date.now()): Promise<Check | undefined> {
  const sources = [...(await gitlabScheduleMinutes(gl, m, plan, now)), ...extra];
  if (sources.length === 0) return undefined;
  const quota: MinutesPlan = plan === undefined
    ? { name: 'this instance', included: undefined, note: 'the instance reports no plan (self-managed: compute quotas are off unless an administrator sets one)' }
    : { name: `the ${plan} tier`, included: GITLAB_COMPUTE_QUOTA[plan], note: 'cost factor 1 on the default runner, public or private' };
  return minutesCheck(sources, quota, now);
}

const dateMs = (d: string | null | undefined): number | undefined => (d ? Date.parse(d.length === 10 ? `${d}T00:00:00Z` : d) : undefined);

/** The expiry of the owner's token and of gfa's trigger token, and the trigger owner's state. */
export async function gitlabExpiryChecks(gl: GitlabApi, now: number = Date.now()): Promise<Check[]> {
  const checks: Check[] = [];
  const self = await gl.read('reading the token', () => gl.api.PersonalAccessTokens.show() as Promise<{ expires_at?: string | null }>, true).catch(() => undefined);
  if (self) checks.push(expiryCheck('token-expiry', 'the token doctor runs with (GITLAB_TOKEN)', dateMs(self.expires_at), 'make a new one before then (User settings > Access tokens) for gfa deploy and doctor', now));
  const triggers = (await gl.read('listing the pipeline trigger tokens', () => gl.api.PipelineTriggerTokens.all(gl.project) as Promise<{ description: string; expires_at?: string | null; owner?: { username?: string; state?: string } | null }[]>, true)) ?? [];
  const t = triggers.find((x) => x.description === TRIGGER_DESCRIPTION);
  if (!t) return checks;
  checks.push(expiryCheck('trigger-token-expiry', 'the browser credential (gfa\'s pipeline trigger token)', dateMs(t.expires_at), 'run gfa deploy --forge gitlab again before then to make a new one', now));
  if (t.owner?.state && t.owner.state !== 'active') {
    checks.push({ id: 'trigger-token-owner', status: 'error', message: `the trigger token's owner ${t.owner.username ?? '?'} is ${t.owner.state}, and a trigger acts with its owner's access, so the page cannot start jobs; run gfa deploy --forge gitlab as an active Maintainer` });
  }
  return checks;
}

/** First runs: a GitLab.com project whose pipelines all failed is most often waiting for identity verification. */
export async function gitlabFirstRunCheck(gl: GitlabApi): Promise<Check> {
  const rows = (await gl.read('listing pipelines', () => gl.api.Pipelines.all(gl.project, { perPage: 20, maxPages: 1 } as never) as Promise<PipelineRow[]>, true)) ?? [];
  if (rows.length === 0) return { id: 'first-run', status: 'ok', message: 'no pipeline has run yet' };
  if (rows.some((r) => r.status === 'success')) return { id: 'first-run', status: 'ok', message: 'pipelines have succeeded' };
  if (!rows.some((r) => r.status === 'failed')) return { id: 'first-run', status: 'ok', message: `no pipeline has finished yet (${rows.length} waiting or running)` };
  const dotcom = /^https:\/\/gitlab\.com$/.test(gl.url);
  return {
    id: 'first-run', status: 'warn',
    message: `none of the last ${rows.length} pipelines succeeded${dotcom ? '; on GitLab.com a new Free user must verify their identity (phone number or credit card) before instance runners take their jobs: see https://docs.gitlab.com/security/identity_verification/' : ''}; open the failed pipeline to see why`,
  };
}
