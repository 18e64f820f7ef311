/**
 * Workflow runs of a whole repository, their timing and artifacts, in the GitHub double (a test
 * double, not GitHub). Docs: https://docs.github.com/en/rest/actions/workflow-runs#list-workflow-runs-for-a-repository
 * (`gh run list`), https://docs.github.com/en/rest/actions/workflow-runs#get-workflow-run-usage
 * (`timing`), https://docs.github.com/en/rest/actions/artifacts. All need Actions: read (or a public
 * repository).
 */
import { need, workflowId, type Route } from './context.ts';
import { ghError, ghJson, paginate } from './respond.ts';
import { filterRuns } from './run-filters.ts';
import { workflowRun } from './shapes.ts';
import type { Repo, Run } from './state.ts';

const fileOf = (run: Run): string => run.path.split('/').pop()!;
const runOf = (repo: Repo, id: string | undefined): Run | undefined => repo.runs.find((r) => String(r.id) === id);

/** `GET /repos/{o}/{r}/actions/runs`: every workflow's runs, filtered as run-filters.ts reads the query. */
export const listRepoRuns: Route = (req, _m, ctx, repo) => {
  const denied = need(ctx, repo, 'actions', 'read');
  if (denied) return denied;
  const runs = filterRuns(repo.runs, new URL(req.url).searchParams).map((r) => workflowRun(ctx.origins, repo, r, workflowId(fileOf(r))));
  const { page, link } = paginate(req, runs);
  return ghJson(req, 200, { total_count: runs.length, workflow_runs: page }, link ? { link } : {});
};

/**
 * `GET .../actions/runs/{id}/timing`: `run_duration_ms` from the run's start to its end (or now), and
 * `billable` per runner OS with each job's duration; the double's runner is `UBUNTU`. "Anyone with
 * read access to the repository can use this endpoint."
 */
export const runTiming: Route = (req, m, ctx, repo) => {
  const denied = need(ctx, repo, 'actions', 'read');
  if (denied) return denied;
  const run = runOf(repo, m[1]);
  if (!run) return ghError(404, 'Not Found');
  const end = (iso: string | undefined): number => (iso ? Date.parse(iso) : Date.now());
  const jobs = (run.jobs ?? []).map((j) => ({ job_id: j.id, duration_ms: Math.max(0, end(j.completedAt) - Date.parse(j.startedAt)) }));
  const started = run.startedAt ? Date.parse(run.startedAt) : undefined;
  const total = jobs.reduce((n, j) => n + j.duration_ms, 0);
  return ghJson(req, 200, {
    billable: jobs.length ? { UBUNTU: { total_ms: total, jobs: jobs.length, job_runs: jobs } } : {},
    ...(started !== undefined ? { run_duration_ms: Math.max(0, (run.status === 'completed' ? Date.parse(run.updatedAt) : Date.now()) - started) } : {}),
  });
};

/** `GET .../actions/runs/{id}/artifacts`: the double's runs skip `uses:` steps, so they upload none. */
export const runArtifacts: Route = (req, m, ctx, repo) => {
  const denied = need(ctx, repo, 'actions', 'read');
  if (denied) return denied;
  if (!runOf(repo, m[1])) return ghError(404, 'Not Found');
  return ghJson(req, 200, { total_count: 0, artifacts: [] });
};

/** `GET .../actions/artifacts`: none (see runArtifacts). */
export const repoArtifacts: Route = (req, _m, ctx, repo) => need(ctx, repo, 'actions', 'read') ?? ghJson(req, 200, { total_count: 0, artifacts: [] });

/** Route rows, matched against the path after `/repos/{o}/{r}`. */
export const RUNS_ROUTES: [string, RegExp, Route][] = [
  ['GET', /^\/actions\/runs$/, listRepoRuns],
  ['GET', /^\/actions\/runs\/(\d+)\/timing$/, runTiming],
  ['GET', /^\/actions\/runs\/(\d+)\/artifacts$/, runArtifacts],
  ['GET', /^\/actions\/artifacts$/, repoArtifacts],
];
