/**
 * The browser's GitHub adapter: plain `fetch`, four endpoints, no SDK.
 * - keys file: `GET /repos/{o}/{r}/contents/.gfa/keys.json` (default branch; its `url` names that branch,
 *   which the dispatch needs, so it costs no extra request);
 * - head: `GET /branches/{branch}` with `If-None-Match` (a 304 made with a token does not count
 *   against the rate limit; the adapter keeps the last ETag so the first poll is a 304 too). Its answer
 *   carries the head commit's tree and message, which the layout, results and signed-head checks need,
 *   so a new head costs one request, not two (`commit(sha)` then answers from it);
 * - reads: `GET /contents/{path}?ref=<sha>` with `Accept: application/vnd.github.raw+json` and
 *   `GET /git/trees/<sha>?recursive=1`, always by commit SHA (raw.githubusercontent.com caches by name);
 * - trigger: `POST /actions/workflows/gfa-<job>.yml/dispatches` with the fine-grained token and
 *   `return_run_details: true`, so the answer names the run (sent again without it where a GitHub
 *   Enterprise Server refuses the field: run-details.ts); `run(id, job)`: the workflow's completed
 *   runs with `If-None-Match` (free until one completes; Actions: read, which Actions: write includes).
 * Rate limits are waited out by framework/forge/http.ts (a minute at most, then one line saying when).
 * A page cannot read `retry-after`: GitHub's CORS answers expose ETag, Link and the
 * `x-ratelimit-limit/remaining/reset` headers only (framework/forge/FACTS.md), so http.ts knows a
 * secondary limit in a page by its status and message.
 * Request headers stay inside GitHub's CORS list (Authorization, Content-Type, If-None-Match, …; Accept
 * is safelisted): no `X-GitHub-Api-Version`, which fails the preflight.
 * Docs: https://docs.github.com/en/rest/repos/contents, https://docs.github.com/en/rest/branches/branches#get-a-branch,
 * https://docs.github.com/en/rest/actions/workflows#create-a-workflow-dispatch-event,
 * https://docs.github.com/en/rest/using-the-rest-api/best-practices-for-using-the-rest-api#handle-rate-limit-errors-appropriately
 */
import { KEYS_FILE_PATH } from '../../contract.ts';
import { GfaError } from '../../errors.ts';
import { DEFAULT_BATCH_LIMIT, wireForm } from '../batch.ts';
import { createHttp, httpDetail, type HttpClock } from '../http.ts';
import { dispatchInputs } from './inputs.ts';
import { dispatchBody, refusesRunDetails, runDetailsSupport } from './run-details.ts';
import type { ClientForge, Head, RunStatus, TriggerBatch } from '../types.ts';

/** Settings of {@link githubClientForge}. */
export interface GithubClientOptions {
  owner: string;
  repo: string;
  /** The data branch. @default "data" */
  branch?: string;
  /** API base. @default "https://api.github.com" */
  api?: string;
  /** A token for reads (the dispatch token after unlock; the CLI's token on the server side). */
  token?: string;
  fetch?: typeof fetch;
  /** Told before a rate-limit wait, e.g. "GitHub's rate limit: waiting 42 s". */
  onWait?: (line: string) => void;
  clock?: HttpClock;
  /** Waits `ms` (tests inject one that records and returns); the clock's sleep. @default setTimeout */
  sleep?: (ms: number) => Promise<void>;
}

const RAW = 'application/vnd.github.raw+json';

function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

/** Creates the adapter. */
export function githubClientForge(options: GithubClientOptions): ClientForge & { useCredential(token: string | undefined): void } {
  const api = (options.api ?? 'https://api.github.com').replace(/\/+$/, '');
  const base = `${api}/repos/${encodeURIComponent(options.owner)}/${encodeURIComponent(options.repo)}`;
  const branch = options.branch ?? 'data';
  const f = options.fetch ?? ((...a: Parameters<typeof fetch>) => globalThis.fetch(...a));
  let token = options.token;
  let defaultBranch: string | undefined;
  let last: Head | undefined;
  /** The head commits the branch answers carried, by SHA (a few: each poll adds at most one). */
  const heads = new Map<string, { tree: string; message: string }>();
  /** Per job, the last list of completed runs and its ETag: an unchanged list is a free 304. */
  const completed = new Map<string, { etag: string; runs: { id: number; conclusion: string | null; html_url?: string }[] }>();
  /** Whether the server takes `return_run_details` (run-details.ts). */
  const details = runDetailsSupport();

  const clock = options.clock ?? (options.sleep ? { now: () => Date.now(), sleep: options.sleep } : undefined);
  const http = createHttp({ forge: 'GitHub', fetch: f, ...(clock ? { clock } : {}), ...(options.onWait ? { onWait: options.onWait } : {}) });

  async function call(path: string, init: RequestInit & { auth?: string } = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (!headers.has('accept')) headers.set('accept', 'application/vnd.github+json');
    const auth = init.auth ?? token;
    if (auth) headers.set('authorization', `Bearer ${auth}`);
    try {
      return await http(`${base}${path}`, { ...init, headers, cache: 'no-store' });
    } catch (err) {
      if (err instanceof GfaError) throw err;
      throw new GfaError('E_HTTP', `cannot reach the GitHub API at ${api}; check the network`, { cause: err });
    }
  }

  async function fail(res: Response, what: string): Promise<GfaError> {
    const detail = await httpDetail(res);
    const hint = res.status === 401 || res.status === 403 ? '; the token may be wrong, expired, or lack Actions: write / Contents: read on this repository' : '';
    return new GfaError(res.status === 401 || res.status === 403 || res.status === 404 || res.status === 422 ? 'E_FORGE' : 'E_HTTP', `GitHub refused ${what} (${detail})${hint}`);
  }

  async function repoDefaultBranch(): Promise<string> {
    if (defaultBranch) return defaultBranch;
    const res = await call('');
    if (!res.ok) throw await fail(res, 'the repository lookup');
    defaultBranch = ((await res.json()) as { default_branch: string }).default_branch;
    return defaultBranch;
  }

  return {
    name: 'github',
    // Runs take seconds to start on GitHub; a poll that finds the head (and the completed-runs list)
    // unchanged is a free 304, so polls stay 3 s apart at most: a failed run is seen within 3 s.
    backoff: [1000, 1000, 2000, 2000, 3000],
    useCredential(t) {
      token = t;
    },
    async keysFile() {
      const res = await call(`/contents/${KEYS_FILE_PATH}`);
      if (res.status === 404) {
        throw new GfaError('E_CONFIG', `no readable .gfa/keys.json in ${options.owner}/${options.repo}: run gfa deploy (the page reads it without a token, so the repository must be public)`);
      }
      if (!res.ok) throw await fail(res, 'the keys file');
      const body = (await res.json()) as { content?: string; url?: string };
      const ref = body.url ? new URL(body.url).searchParams.get('ref') : null;
      if (ref) defaultBranch = ref;
      const bin = atob((body.content ?? '').replace(/\s+/g, ''));
      return JSON.parse(new TextDecoder().decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)))) as unknown;
    },
    async head(etag) {
      const tag = etag ?? last?.etag;
      const res = await call(`/branches/${encodePath(branch)}`, { headers: tag ? { 'if-none-match': tag } : {} });
      if (res.status === 304) return etag !== undefined ? 'unchanged' : last;
      if (res.status === 404 || res.status === 409) return undefined;
      if (!res.ok) throw await fail(res, 'the data branch head');
      const body = (await res.json()) as { commit: { sha: string; commit?: { message?: string; tree?: { sha?: string } } } };
      const { sha } = body.commit;
      const inner = body.commit.commit;
      if (typeof inner?.message === 'string' && typeof inner.tree?.sha === 'string') {
        if (heads.size >= 8) heads.delete(heads.keys().next().value as string);
        heads.set(sha, { tree: inner.tree.sha, message: inner.message });
      }
      last = { sha, etag: res.headers.get('etag') ?? `"${sha}"` };
      return last;
    },
    async readFile(sha, path) {
      const res = await call(`/contents/${encodePath(path)}?ref=${sha}`, { headers: { accept: RAW } });
      if (res.status === 404) return undefined;
      if (!res.ok) throw await fail(res, `file ${path}`);
      return new Uint8Array(await res.arrayBuffer());
    },
    async commit(sha) {
      const known = heads.get(sha);
      if (known) return known;
      // https://docs.github.com/rest/git/commits#get-a-commit-object: the tree and the message (its gfa-mac trailer).
      const res = await call(`/git/commits/${sha}`);
      if (!res.ok) throw await fail(res, `commit ${sha.slice(0, 12)}`);
      const body = (await res.json()) as { tree: { sha: string }; message: string };
      return { tree: body.tree.sha, message: body.message };
    },
    async listFiles(sha, dir) {
      const res = await call(`/git/trees/${sha}?recursive=1`);
      if (!res.ok) throw await fail(res, 'the tree listing');
      const body = (await res.json()) as { tree: { path: string; type: string }[]; truncated: boolean };
      if (body.truncated) throw new GfaError('E_FORGE', 'the data branch has more files than one GitHub tree listing returns; remove old keys');
      const prefix = dir ? `${dir}/` : '';
      return body.tree.filter((e) => e.type === 'blob' && e.path.startsWith(prefix)).map((e) => e.path).sort();
    },
    batchLimit: DEFAULT_BATCH_LIMIT,
    async trigger(credential, batch: TriggerBatch) {
      const ref = await repoDefaultBranch();
      const inputs = dispatchInputs(batch);
      const send = (withDetails: boolean): Promise<Response> => call(`/actions/workflows/gfa-${encodeURIComponent(batch.job)}.yml/dispatches`, {
        method: 'POST',
        auth: credential,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(dispatchBody(ref, inputs, withDetails)),
      });
      let res = await send(details.use());
      if (details.use() && (res.status === 400 || res.status === 422)) {
        const message = ((await res.clone().json().catch(() => ({}))) as { message?: unknown }).message;
        if (refusesRunDetails(res.status, message)) {
          details.refused();
          res = await send(false);
        }
      }
      if (res.status !== 200 && res.status !== 204) throw await fail(res, `the dispatch of job "${batch.job}"`);
      if (res.status === 204) return {};
      const body = (await res.json().catch(() => ({}))) as { workflow_run_id?: unknown; html_url?: unknown };
      return {
        ...(typeof body.workflow_run_id === 'number' || typeof body.workflow_run_id === 'string' ? { runId: String(body.workflow_run_id) } : {}),
        ...(typeof body.html_url === 'string' ? { runUrl: body.html_url } : {}),
      };
    },
    async run(runId, job) {
      // Not GET /actions/runs/{id}: its ETag changes at queued → in_progress, and each change costs a
      // request. The list of this workflow's completed runs changes only when one of them completes, so
      // following a run costs nothing until it ends (a 304 made with a token is free; the ETag is kept
      // across requests). https://docs.github.com/en/rest/actions/workflow-runs#list-workflow-runs-for-a-workflow
      const seen = completed.get(job);
      const res = await call(`/actions/workflows/gfa-${encodeURIComponent(job)}.yml/runs?status=completed&per_page=20`, { headers: seen ? { 'if-none-match': seen.etag } : {} });
      let list: { id: number; conclusion: string | null; html_url?: string }[];
      if (res.status === 304 && seen) list = seen.runs;
      else if (!res.ok) throw await fail(res, `the runs of job "${job}"`);
      else {
        list = ((await res.json()) as { workflow_runs?: typeof list }).workflow_runs ?? [];
        const etag = res.headers.get('etag');
        if (etag) completed.set(job, { etag, runs: list });
      }
      const mine = list.find((r) => String(r.id) === runId);
      return mine ? githubRunStatus('completed', mine.conclusion, mine.html_url) : { state: 'queued', detail: 'not completed' };
    },
  };
}

/**
 * GitHub's run `status` (queued, waiting, requested, pending, in_progress, completed) and `conclusion`
 * (success, failure, cancelled, timed_out, startup_failure, action_required, neutral, skipped, stale),
 * https://docs.github.com/en/rest/actions/workflow-runs#list-workflow-runs-for-a-repository, reduced.
 */
export function githubRunStatus(status: string, conclusion: string | null, url?: string): RunStatus {
  const withUrl = url ? { url } : {};
  if (status !== 'completed') return { state: status === 'in_progress' ? 'running' : 'queued', detail: status, ...withUrl };
  const detail = `completed/${conclusion ?? 'unknown'}`;
  if (conclusion === 'success') return { state: 'succeeded', detail, ...withUrl };
  if (conclusion === 'cancelled') return { state: 'cancelled', detail, ...withUrl };
  return { state: 'failed', detail, ...withUrl };
}
