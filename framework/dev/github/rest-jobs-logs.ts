/**
 * A run's jobs and logs in the GitHub double (a test double, not GitHub). Docs:
 * https://docs.github.com/en/rest/actions/workflow-jobs (list a run's jobs, get a job, download a
 * job's log: `302` to a plain-text log), https://docs.github.com/en/rest/actions/workflow-runs#download-workflow-run-logs
 * (`302` to a zip archive whose entries `gh run view --log` reads as `<job name>/<step number>_<step name>.txt`,
 * cli/cli v2.23.0 `pkg/cmd/run/view/view.go`), and https://docs.github.com/en/rest/checks/runs#list-check-run-annotations
 * (a job is a check run; the double records no annotations). Actions: read, or a public repository.
 * GitHub keeps no log for a run that has not completed; the double answers 404 then (UNVERIFIED: the
 * docs do not say what an unfinished run's log request gets).
 */
import { need, type Route, type RouteContext } from './context.ts';
import { ghError, ghJson, paginate } from './respond.ts';
import type { Repo, Run, RunJob } from './state.ts';
import { zipStored } from './zip.ts';

const runOf = (repo: Repo, id: string | undefined): Run | undefined => repo.runs.find((r) => String(r.id) === id);

function jobOf(repo: Repo, id: string | undefined): { run: Run; job: RunJob } | undefined {
  for (const run of repo.runs) for (const job of run.jobs ?? []) if (String(job.id) === id) return { run, job };
  return undefined;
}

/** A `job`, with every field GitHub's OpenAPI description requires. */
export function jobJson(ctx: RouteContext, repo: Repo, run: Run, job: RunJob): Record<string, unknown> {
  const api = `${ctx.origins.api}/repos/${repo.owner}/${repo.name}`;
  return {
    id: job.id, run_id: run.id, run_url: `${api}/actions/runs/${run.id}`, run_attempt: 1, node_id: `CR_${job.id}`, head_sha: run.headSha,
    url: `${api}/actions/jobs/${job.id}`, html_url: `${ctx.origins.web}/${repo.owner}/${repo.name}/actions/runs/${run.id}/job/${job.id}`,
    status: job.status, conclusion: job.conclusion, created_at: job.startedAt, started_at: job.startedAt, completed_at: job.completedAt ?? null,
    name: job.name, check_run_url: `${api}/check-runs/${job.id}`, labels: ['ubuntu-latest'], runner_id: 1, runner_name: 'gfa double runner',
    runner_group_id: 0, runner_group_name: 'GitHub Actions', workflow_name: run.name ?? run.path, head_branch: run.headBranch,
    steps: job.steps.map((s) => ({ name: s.name, status: s.status, conclusion: s.conclusion, number: s.number, started_at: job.startedAt, completed_at: job.completedAt ?? null })),
  };
}

/** `GET .../actions/runs/{id}/jobs` (`filter=latest|all`: the double's runs have one attempt). */
export const listJobs: Route = (req, m, ctx, repo) => {
  const denied = need(ctx, repo, 'actions', 'read');
  if (denied) return denied;
  const run = runOf(repo, m[1]);
  if (!run) return ghError(404, 'Not Found');
  const all = (run.jobs ?? []).map((j) => jobJson(ctx, repo, run, j));
  const { page, link } = paginate(req, all);
  return ghJson(req, 200, { total_count: all.length, jobs: page }, link ? { link } : {});
};

/** `GET .../actions/jobs/{job_id}` */
export const getJob: Route = (req, m, ctx, repo) => {
  const denied = need(ctx, repo, 'actions', 'read');
  if (denied) return denied;
  const hit = jobOf(repo, m[1]);
  return hit ? ghJson(req, 200, jobJson(ctx, repo, hit.run, hit.job)) : ghError(404, 'Not Found');
};

const jobLog = (job: RunJob): string => job.steps.map((s) => s.log).join('');

const found = (ctx: RouteContext, path: string): Response => new Response(null, { status: 302, headers: { location: `${ctx.origins.web}${path}` } });

/** `GET .../actions/jobs/{job_id}/logs`: `302` to the job's plain-text log. */
export const jobLogs: Route = (_req, m, ctx, repo) => {
  const denied = need(ctx, repo, 'actions', 'read');
  if (denied) return denied;
  const hit = jobOf(repo, m[1]);
  if (!hit || hit.job.status !== 'completed' || !ctx.downloads) return ghError(404, 'Not Found');
  return found(ctx, ctx.downloads.add(Buffer.from(jobLog(hit.job)), 'text/plain; charset=utf-8'));
};

/** `GET .../actions/runs/{id}/logs`: `302` to a zip of each job's log and each step's. */
export const runLogs: Route = (_req, m, ctx, repo) => {
  const denied = need(ctx, repo, 'actions', 'read');
  if (denied) return denied;
  const run = runOf(repo, m[1]);
  if (!run || run.status !== 'completed' || !ctx.downloads) return ghError(404, 'Not Found');
  const files: [string, Uint8Array][] = [];
  for (const [i, job] of (run.jobs ?? []).entries()) {
    files.push([`${i}_${job.name}.txt`, Buffer.from(jobLog(job))]);
    for (const s of job.steps) files.push([`${job.name}/${s.number}_${s.name.replace(/[/\\]/g, '')}.txt`, Buffer.from(s.log)]);
  }
  return found(ctx, ctx.downloads.add(zipStored(files), 'application/zip'));
};

/**
 * `GET .../check-runs/{id}/annotations`: a job's annotations; the double records none. GitHub asks
 * for Checks: read; the double's tokens have no checks permission, so Actions: read stands in.
 */
export const annotations: Route = (req, m, ctx, repo) => {
  const denied = need(ctx, repo, 'actions', 'read');
  if (denied) return denied;
  return jobOf(repo, m[1]) ? ghJson(req, 200, []) : ghError(404, 'Not Found');
};

/** Route rows, matched against the path after `/repos/{o}/{r}`. */
export const JOBS_LOGS_ROUTES: [string, RegExp, Route][] = [
  ['GET', /^\/actions\/runs\/(\d+)\/jobs$/, listJobs],
  ['GET', /^\/actions\/runs\/(\d+)\/logs$/, runLogs],
  ['GET', /^\/actions\/jobs\/(\d+)$/, getJob],
  ['GET', /^\/actions\/jobs\/(\d+)\/logs$/, jobLogs],
  ['GET', /^\/check-runs\/(\d+)\/annotations$/, annotations],
];
