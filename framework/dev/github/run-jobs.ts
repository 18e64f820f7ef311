/**
 * The jobs of a run as the GitHub double records them for `GET /actions/runs/{id}/jobs`, the job's
 * log and the run's log archive (a test double, not GitHub). A job is `in_progress` from when the
 * runner takes it and `completed` with a conclusion when its last step ends
 * (https://docs.github.com/en/rest/actions/workflow-jobs#list-jobs-for-a-workflow-run). Its name is
 * the job's `name:` or, without one, its id
 * (https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#jobsjob_idname).
 * Steps are numbered from 1 in the order they ran; `uses:` steps, which the double skips, are not
 * listed. Steps carry their job's times: the double does not time steps on their own.
 */
import type { Run, RunJob } from './state.ts';

type Obj = Record<string, any>;

/** Adds job `jobId` of `workflow` to `run` as in progress. */
export function beginJob(run: Run, id: number, jobId: string, job: Obj, now: string): RunJob {
  const rec: RunJob = { id, name: typeof job.name === 'string' ? job.name : jobId, status: 'in_progress', conclusion: null, startedAt: now, steps: [] };
  (run.jobs ??= []).push(rec);
  return rec;
}

/** Completes `rec` with the steps that ran (their output already masked). */
export function endJob(rec: RunJob, ran: boolean, steps: { name: string; code: number; log: string }[], cancelled: boolean, now: string): void {
  rec.steps = steps.map((s, i) => ({ number: i + 1, name: s.name, status: 'completed', conclusion: s.code === 0 ? 'success' : 'failure', log: s.log }));
  rec.status = 'completed';
  rec.completedAt = now;
  rec.conclusion = cancelled ? 'cancelled' : !ran ? 'skipped' : steps.some((s) => s.code !== 0) ? 'failure' : 'success';
}
