/**
 * @module The forge's queue of runs as a session reads it, with the token the job already holds.
 *
 * - GitHub Actions: `GET /repos/{o}/{r}/actions/runs?status=queued&event=workflow_dispatch` (a run
 *   is `queued` until a runner takes it) shows each run's `display_title`, which the generated
 *   workflow sets from the dispatch's `title` input (`run-name:`); `POST .../actions/runs/{id}/cancel`
 *   answers 202, or 409 when the run has completed. Both with the job's `GITHUB_TOKEN`, which the
 *   generated workflow gives `actions: write` only when the app has sessions (docs.github.com "REST
 *   API endpoints for workflow runs", read 2026-12-07). The list is asked conditionally (ETag): a 304
 *   costs no rate limit.
 * - GitLab CI: `GET /projects/:id/pipelines?status=pending&source=trigger` shows each pipeline's
 *   `name` (GitLab 15.11+), which `workflow:name:` sets from the `title` input (base64url, so no `$`
 *   reaches the name, where CI/CD variables would expand); `POST /projects/:id/pipelines/:id/cancel`
 *   answers 200 with the pipeline. `CI_JOB_TOKEN` cannot use the pipelines API (docs.gitlab.com
 *   "CI/CD job token", gitlab-org/gitlab#506668), so a GitLab session needs `GFA_PUSH_TOKEN` with the
 *   `api` scope and the Developer role; without it there is no session and every request runs alone.
 */
import { GITLAB_NAME_PREFIX, readSessionTitle } from '../contract.ts';
import type { QueuedRun, SessionQueue } from './session.ts';

type Env = Record<string, string | undefined>;
type Fetch = (url: string, init: { method?: string; headers: Record<string, string>; signal: AbortSignal }) => Promise<Response>;

const TIMEOUT_MS = 10_000;
const fieldOf = (v: unknown, k: string): unknown => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[k] : undefined);

/** The title's requests when it is a whole session title of `job`. */
function titled(job: string, id: unknown, title: unknown): QueuedRun | undefined {
  if ((typeof id !== 'number' && typeof id !== 'string') || typeof title !== 'string') return undefined;
  const requests = readSessionTitle(title);
  return requests && requests.job === job ? { id: String(id), requests } : undefined;
}

function githubQueue(env: Env, job: string, fetchFn: Fetch): SessionQueue {
  const api = (env.GITHUB_API_URL ?? 'https://api.github.com').replace(/\/+$/, '');
  const base = `${api}/repos/${env.GITHUB_REPOSITORY}/actions/runs`;
  const headers = { authorization: `Bearer ${env.GITHUB_TOKEN}`, accept: 'application/vnd.github+json' };
  let etag: string | undefined;
  let last: QueuedRun[] = [];
  return {
    async queued() {
      const res = await fetchFn(`${base}?status=queued&event=workflow_dispatch&per_page=100`, { headers: { ...headers, ...(etag ? { 'if-none-match': etag } : {}) }, signal: AbortSignal.timeout(TIMEOUT_MS) });
      if (res.status === 304) return last;
      if (res.status !== 200) throw new Error(`GitHub answered HTTP ${res.status} to the list of queued runs`);
      const body = (await res.json()) as unknown;
      const runs = fieldOf(body, 'workflow_runs');
      etag = res.headers.get('etag') ?? undefined;
      last = (Array.isArray(runs) ? runs : [])
        .map((r) => titled(job, fieldOf(r, 'id'), fieldOf(r, 'display_title')))
        .filter((r): r is QueuedRun => r !== undefined)
        .sort((a, b) => Number(a.id) - Number(b.id));
      return last;
    },
    async cancel(run) {
      const res = await fetchFn(`${base}/${encodeURIComponent(run.id)}/cancel`, { method: 'POST', headers, signal: AbortSignal.timeout(TIMEOUT_MS) });
      await res.body?.cancel();
      return res.status === 202;
    },
  };
}

/** base64url text → UTF-8 text; undefined when it is not base64url. */
function unbase64(text: string): string | undefined {
  return /^[A-Za-z0-9_-]+$/.test(text) ? Buffer.from(text, 'base64url').toString('utf8') : undefined;
}

function gitlabQueue(env: Env, job: string, fetchFn: Fetch): SessionQueue {
  const base = `${env.CI_API_V4_URL!.replace(/\/+$/, '')}/projects/${encodeURIComponent(env.CI_PROJECT_ID!)}/pipelines`;
  const headers = { 'private-token': env.GFA_PUSH_TOKEN! };
  return {
    async queued() {
      const res = await fetchFn(`${base}?status=pending&source=trigger&per_page=100`, { headers, signal: AbortSignal.timeout(TIMEOUT_MS) });
      if (res.status !== 200) throw new Error(`GitLab answered HTTP ${res.status} to the list of pending pipelines`);
      const list = (await res.json()) as unknown;
      return (Array.isArray(list) ? list : [])
        .map((p) => {
          const name = fieldOf(p, 'name');
          const text = typeof name === 'string' && name.startsWith(GITLAB_NAME_PREFIX) ? unbase64(name.slice(GITLAB_NAME_PREFIX.length)) : undefined;
          return titled(job, fieldOf(p, 'id'), text);
        })
        .filter((r): r is QueuedRun => r !== undefined)
        .sort((a, b) => Number(a.id) - Number(b.id));
    },
    async cancel(run) {
      const res = await fetchFn(`${base}/${encodeURIComponent(run.id)}/cancel`, { method: 'POST', headers, signal: AbortSignal.timeout(TIMEOUT_MS) });
      if (res.status !== 200) return false;
      const status = fieldOf(await res.json(), 'status');
      // GitLab answers 200 whatever the state: a pipeline that finished was not cancelled.
      return status === 'canceled' || status === 'canceling';
    },
  };
}

/** The queue of the forge this job runs on, or undefined where sessions cannot run (locally, or GitLab without GFA_PUSH_TOKEN). */
export function sessionQueue(env: Env, job: string, fetchFn: Fetch = (url, init) => fetch(url, init)): SessionQueue | undefined {
  if (env.GITHUB_ACTIONS === 'true' && env.GITHUB_REPOSITORY && env.GITHUB_TOKEN) return githubQueue(env, job, fetchFn);
  if (env.CI_API_V4_URL && env.CI_PROJECT_ID && env.GFA_PUSH_TOKEN) return gitlabQueue(env, job, fetchFn);
  return undefined;
}
