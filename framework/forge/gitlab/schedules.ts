/**
 * The pipeline schedules an app needs on GitLab (GitLab has no schedules in `.gitlab-ci.yml`, so
 * `gfa deploy` keeps them through the API): one per scheduled job and cron, on the default branch,
 * in UTC, passing the input `job` (https://docs.gitlab.com/ci/pipelines/schedules/, inputs GA in 18.1).
 */
import type { Manifest } from '../../app/manifest.ts';

/** gfa's schedules are the ones whose description starts with this. */
export const SCHEDULE_PREFIX = 'gfa:';

/**
 * The fields of a pipeline schedule that GitLab's API returns and gfa reads
 * (https://docs.gitlab.com/api/pipeline_schedules/#get-a-single-pipeline-schedule); the adapter and
 * the emulator each add what they need.
 */
export interface ScheduleCore {
  id: number;
  description: string;
  ref: string;
  cron: string;
  cron_timezone: string;
  active: boolean;
}

/** One schedule as gfa wants it. */
export interface WantedSchedule {
  description: string;
  job: string;
  cron: string;
  ref: string;
}

/** Every schedule the manifest asks for. */
export function wantedSchedules(manifest: Manifest, ref: string): WantedSchedule[] {
  const out: WantedSchedule[] = [];
  for (const job of Object.values(manifest.jobs)) {
    for (const cron of job.schedules) {
      const description = job.schedules.length === 1 ? `${SCHEDULE_PREFIX}${job.name}` : `${SCHEDULE_PREFIX}${job.name} ${cron}`;
      out.push({ description, job: job.name, cron, ref });
    }
  }
  return out;
}

/**
 * GitLab.com's limit of pipelines per schedule per day (plan limit `ci_daily_pipeline_schedule_triggers`,
 * https://docs.gitlab.com/user/gitlab_com/#cicd, gitlab-org/gitlab!62826): Free 24, paid 288. A schedule
 * asking for more is not refused: GitLab computes its next run at most every 1440/limit minutes, so
 * on Free it starts only an hour after its last run.
 */
export const DAILY_SCHEDULE_LIMIT: Record<string, number> = { free: 24, premium: 288, ultimate: 288 };

function countField(field: string, min: number, max: number): number {
  const hits = new Set<number>();
  for (const part of field.split(',')) {
    const [range, stepText] = part.split('/') as [string, string | undefined];
    const step = stepText === undefined ? 1 : Number(stepText);
    let [lo, hi] = [min, max];
    if (range !== '*') {
      const [a, b] = range.split('-');
      lo = Number(a);
      hi = b === undefined ? (stepText === undefined ? lo : max) : Number(b);
    }
    if (![lo, hi, step].every(Number.isInteger) || step < 1) return NaN;
    for (let v = lo; v <= hi; v += step) hits.add(v);
  }
  return hits.size;
}

/** How many times a day a 5-field cron fires (minute × hour fields), or NaN when it cannot tell. */
export function runsPerDay(cron: string): number {
  const [minute, hour] = cron.trim().split(/\s+/);
  if (minute === undefined || hour === undefined) return NaN;
  return countField(minute, 0, 59) * countField(hour, 0, 23);
}
