/**
 * The browser's GitLab adapter (plain `fetch`, no Node built-ins), REST v4 only:
 * - keys file: `GET /projects/:id/repository/files/.gfa%2Fkeys.json/raw` (default branch);
 * - head: `GET /projects/:id/repository/branches/:branch` → `commit.id`. GitLab sends no ETag the
 *   browser may read for this, so the "etag" is the commit id and `head(etag)` compares ids;
 * - reads by commit SHA: `.../repository/files/:path/raw?ref=<sha>` and
 *   `.../repository/tree?ref=<sha>&recursive=true&pagination=keyset` (100 per page, `Link: rel="next"`;
 *   https://docs.gitlab.com/api/repositories/#list-repository-tree);
 * - a head's message (its `gfa-layout` trailer: which folders are fanned out), once per head:
 *   `GET /projects/:id/repository/commits/:sha`;
 * - trigger: `POST /projects/:id/trigger/pipeline` with `token`, `ref` and `inputs` only — never
 *   `variables` (https://docs.gitlab.com/ci/triggers/#pass-pipeline-inputs-in-the-api-call).
 * Public projects need no token; a private one needs `token` (a read-only project access token).
 */
import { KEYS_FILE_PATH, SESSION_TITLE_MAX, sessionTitle } from '../../contract.ts';
import { GfaError } from '../../errors.ts';
import { BASE64_BATCH_LIMIT, wireForm } from '../batch.ts';
import { createHttp, httpDetail, type HttpClock } from '../http.ts';
import type { ClientForge, Head, RunStatus, TriggerBatch } from '../types.ts';

/** Options of {@link gitlabClientForge}. */
export interface GitlabClientOptions {
  /** Instance URL. @default "https://gitlab.com" */
  url?: string;
  /** Project path `GROUP[/SUBGROUP…]/NAME` or numeric id. */
  project: string;
  /** Data branch. @default "data" */
  branch?: string;
  /** Read token for private projects (sent as `PRIVATE-TOKEN`). */
  token?: string;
  fetch?: typeof fetch;
  /** Told before a rate-limit wait, e.g. "GitLab's rate limit: waiting 30 s". */
  onWait?: (line: string) => void;
  clock?: HttpClock;
}

const enc = encodeURIComponent;

/** base64url of a string's UTF-8 bytes, as the generated `spec:inputs` expect for `input`. */
export function base64url(text: string): string {
  let bin = '';
  for (const b of new TextEncoder().encode(text)) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * The trigger's `inputs`: `{job, request_id, input}`, input as base64url of its JSON text ('' for none);
 * a batch adds `batch`, base64url of its members' JSON text (framework/forge/batch.ts); `title`
 * is base64url of the session title (contract.ts), '' when the request is too large for it.
 */
export function triggerInputs(b: TriggerBatch): Record<string, string> {
  const wire = wireForm(b);
  const inputs: Record<string, string> = { job: b.job, request_id: wire.requestId, input: wire.input === undefined ? '' : base64url(JSON.stringify(wire.input)) };
  if (wire.members !== undefined) inputs.batch = base64url(wire.members);
  // Read by a live session from the pipeline's name (framework/runtime/session-queue.ts); base64url, so no `$` reaches `workflow:name`.
  const title = sessionTitle(b.job, wire, SESSION_TITLE_MAX.gitlab);
  inputs.title = title === '' ? '' : base64url(title);
  return inputs;
}

/**
 * A pipeline's `status` (created, waiting_for_resource, preparing, pending, running, success, failed,
 * canceled, canceling, skipped, manual, scheduled; https://docs.gitlab.com/api/pipelines/), reduced.
 */
export function gitlabRunStatus(status: string, url?: string): RunStatus {
  const withUrl = url ? { url } : {};
  if (status === 'running') return { state: 'running', detail: status, ...withUrl };
  if (status === 'success') return { state: 'succeeded', detail: status, ...withUrl };
  if (status === 'failed' || status === 'skipped') return { state: 'failed', detail: status, ...withUrl };
  if (status === 'canceled' || status === 'canceling') return { state: 'cancelled', detail: status, ...withUrl };
  return { state: 'queued', detail: status, ...withUrl };
}

async function failure(res: Response, what: string): Promise<GfaError> {
  const code = res.status === 401 || res.status === 403 || res.status === 404 ? 'E_FORGE' : 'E_HTTP';
  return new GfaError(code, `GitLab refused ${what} (${await httpDetail(res)})`);
}

/**
 * `POST /projects/:id/trigger/pipeline` with the token in the JSON body (never the URL, which proxies
 * log), `ref` and `inputs`; returns the created pipeline. Shared by the browser adapter and the CLI.
 */
export async function postTrigger(o: { url?: string; project: string; fetch?: typeof fetch }, token: string, ref: string, request: TriggerBatch): Promise<{ id?: number; web_url?: string }> {
  const f = o.fetch ?? ((...a: Parameters<typeof fetch>) => globalThis.fetch(...a));
  const url = `${(o.url ?? 'https://gitlab.com').replace(/\/+$/, '')}/api/v4/projects/${enc(o.project)}/trigger/pipeline`;
  let res: Response;
  try {
    res = await f(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token, ref, inputs: triggerInputs(request) }) });
  } catch (err) {
    if (err instanceof GfaError) throw err;
    throw new GfaError('E_HTTP', `cannot reach GitLab at ${url}; check the network`, { cause: err });
  }
  if (res.status !== 201) throw await failure(res, `the trigger of job "${request.job}"`);
  return (await res.json()) as { id?: number; web_url?: string };
}

/**
 * The `rel="next"` URL of a Link header when it points into the same instance's API (GitLab may name
 * the project by id there; a link anywhere else is never followed).
 */
function nextLink(link: string | null, instanceApi: string): string | undefined {
  const m = /<([^>]+)>;\s*rel="next"/.exec(link ?? '');
  return m && m[1]!.startsWith(instanceApi) ? m[1] : undefined;
}

/** Creates the adapter. */
export function gitlabClientForge(o: GitlabClientOptions): ClientForge {
  const instanceApi = `${(o.url ?? 'https://gitlab.com').replace(/\/+$/, '')}/api/v4/`;
  const api = `${instanceApi}projects/${enc(o.project)}`;
  const branch = o.branch ?? 'data';
  const f = createHttp({ forge: 'GitLab', ...(o.fetch ? { fetch: o.fetch } : {}), ...(o.clock ? { clock: o.clock } : {}), ...(o.onWait ? { onWait: o.onWait } : {}) });
  const headers: Record<string, string> = o.token ? { 'private-token': o.token } : {};
  let defaultBranch: Promise<string> | undefined;
  const get = async (path: string, init: RequestInit = {}): Promise<Response> => {
    try {
      return await f(/^https?:/.test(path) ? path : `${api}${path}`, { cache: 'no-store', ...init, headers: { ...headers, ...(init.headers as Record<string, string> | undefined) } });
    } catch (err) {
      if (err instanceof GfaError) throw err;
      throw new GfaError('E_HTTP', `cannot reach GitLab at ${api}; check the network`, { cause: err });
    }
  };
  const ref = (): Promise<string> =>
    (defaultBranch ??= (async () => {
      const res = await get('');
      if (!res.ok) throw await failure(res, 'the project');
      return ((await res.json()) as { default_branch?: string }).default_branch ?? 'main';
    })());
  return {
    name: 'gitlab',
    // At most 3 s apart while a request waits (a failed pipeline is seen within 3 s): two requests a
    // poll, 40 a minute, against gitlab.com's 500 a minute per address; none while nothing waits.
    backoff: [1000, 1000, 1500, 2000, 3000],
    async keysFile() {
      const res = await get(`/repository/files/${enc(KEYS_FILE_PATH)}/raw?ref=${enc(await ref())}`);
      if (!res.ok) throw await failure(res, 'the keys file .gfa/keys.json (run gfa deploy)');
      return res.json() as Promise<unknown>;
    },
    async head(etag) {
      const res = await get(`/repository/branches/${enc(branch)}`);
      if (res.status === 404) return undefined;
      if (!res.ok) throw await failure(res, 'the data branch head');
      const sha = ((await res.json()) as { commit: { id: string } }).commit.id;
      return etag === sha ? 'unchanged' : ({ sha, etag: sha } satisfies Head);
    },
    async readFile(sha, path) {
      const res = await get(`/repository/files/${enc(path)}/raw?ref=${enc(sha)}`);
      if (res.status === 404) return undefined;
      if (!res.ok) throw await failure(res, `file ${path}`);
      return new Uint8Array(await res.arrayBuffer());
    },
    async listFiles(sha, dir) {
      const out: string[] = [];
      // Keyset pagination, as GitLab recommends for trees: follow `Link: <…>; rel="next"` until there is none.
      let next: string | undefined = `${api}/repository/tree?ref=${enc(sha)}&recursive=true&per_page=100&pagination=keyset${dir ? `&path=${enc(dir)}` : ''}`;
      while (next) {
        const res = await get(next);
        if (res.status === 404) return [];
        if (!res.ok) throw await failure(res, 'the tree listing');
        for (const e of (await res.json()) as { type: string; path: string }[]) if (e.type === 'blob') out.push(e.path);
        next = nextLink(res.headers.get('link'), instanceApi);
      }
      return out.sort();
    },
    async commitMessage(sha) {
      // https://docs.gitlab.com/api/commits/#get-a-single-commit: the whole message (its gfa-layout
      // trailer), but no tree id, so the signed-head check cannot run here (see the README).
      const res = await get(`/repository/commits/${enc(sha)}?stats=false`);
      if (!res.ok) throw await failure(res, `commit ${sha.slice(0, 12)}`);
      const body = (await res.json()) as { message?: unknown };
      if (typeof body.message !== 'string') throw new GfaError('E_HTTP', `GitLab answered commit ${sha.slice(0, 12)} without its message`);
      return body.message;
    },
    batchLimit: BASE64_BATCH_LIMIT,
    async trigger(credential, batch) {
      const p = await postTrigger({ url: o.url, project: o.project, fetch: (u, i) => f(String(u), i) }, credential, await ref(), batch);
      return { ...(p.id !== undefined ? { runId: String(p.id) } : {}), ...(p.web_url ? { runUrl: p.web_url } : {}) };
    },
    async run(runId) {
      // https://docs.gitlab.com/api/pipelines/#get-a-single-pipeline: public projects' pipelines are readable without a token.
      const res = await get(`/pipelines/${enc(runId)}`);
      if (!res.ok) throw await failure(res, `pipeline ${runId}`);
      const body = (await res.json()) as { status?: string; web_url?: string };
      return gitlabRunStatus(body.status ?? '', body.web_url);
    },
  };
}
