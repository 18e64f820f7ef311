/**
 * The browser's GitHub adapter: plain `fetch`, four endpoints, no SDK.
 * - keys file: `GET /repos/{o}/{r}/contents/.gfa/keys.json` (default branch; its `url` names that branch,
 *   which the dispatch needs, so it costs no extra request);
 * - head: `GET /git/ref/heads/{branch}` with `If-None-Match` (a 304 made with a token does not count
 *   against the rate limit; the adapter keeps the last ETag so the first poll is a 304 too);
 * - reads: `GET /contents/{path}?ref=<sha>` with `Accept: application/vnd.github.raw+json` and
 *   `GET /git/trees/<sha>?recursive=1`, always by commit SHA (raw.githubusercontent.com caches by name);
 * - trigger: `POST /actions/workflows/gfa-<job>.yml/dispatches` with the fine-grained token.
 * On a 403/429 rate-limit answer it waits (up to a minute) and retries once: `retry-after` when it can
 * read it, else until `x-ratelimit-reset` when `x-ratelimit-remaining` is 0, else a minute, as GitHub's
 * docs say. A page cannot read `retry-after`: GitHub's CORS answers expose ETag, Link and the
 * `x-ratelimit-limit/remaining/reset` headers only (framework/forge/FACTS.md), so a secondary limit is
 * known in a page by its status and message.
 * Request headers stay inside GitHub's CORS list (Authorization, Content-Type, If-None-Match, …; Accept
 * is safelisted): no `X-GitHub-Api-Version`, which fails the preflight.
 * Docs: https://docs.github.com/en/rest/repos/contents, https://docs.github.com/en/rest/git/refs,
 * https://docs.github.com/en/rest/actions/workflows#create-a-workflow-dispatch-event,
 * https://docs.github.com/en/rest/using-the-rest-api/best-practices-for-using-the-rest-api#handle-rate-limit-errors-appropriately
 */
import { KEYS_FILE_PATH } from '../../contract.ts';
import { GfaError } from '../../errors.ts';
import type { ClientForge, Head, TriggerRequest } from '../types.ts';

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
  /** Waits `ms` (tests inject one that records and returns). @default setTimeout */
  sleep?: (ms: number) => Promise<void>;
}

const RAW = 'application/vnd.github.raw+json';
const sleep = (ms: number): Promise<void> => new Promise((ok) => setTimeout(ok, ms));

/**
 * How long a 403/429 asks to wait, or undefined when it is not a rate limit. GitHub: a secondary
 * limit is "a 403 Forbidden or 429 Too Many Requests response and an error message that indicates
 * that you exceeded a secondary rate limit"; "If the retry-after response header is present, you
 * should not retry your request until after that many seconds has elapsed. If the
 * x-ratelimit-remaining header is 0, you should not make another request until after the time
 * specified by the x-ratelimit-reset header. … Otherwise, wait for at least one minute before retrying"
 * (https://docs.github.com/en/rest/using-the-rest-api/troubleshooting-the-rest-api#rate-limit-errors).
 */
async function rateLimitWait(res: Response, now: number): Promise<number | undefined> {
  const after = Number(res.headers.get('retry-after') ?? NaN);
  if (!Number.isNaN(after)) return after * 1000;
  const reset = Number(res.headers.get('x-ratelimit-reset') ?? NaN) * 1000 - now;
  if (res.headers.get('x-ratelimit-remaining') === '0') return Number.isNaN(reset) ? 60_000 : reset;
  if (res.status === 429) return 60_000;
  // A 403 is a rate limit when its message says so ("You have exceeded a secondary rate limit…").
  const message = await res.clone().json().then((b: { message?: unknown }) => String(b.message ?? ''), () => '');
  return /rate limit/i.test(message) ? 60_000 : undefined;
}

function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

/** Creates the adapter. */
export function githubClientForge(options: GithubClientOptions): ClientForge & { useCredential(token: string | undefined): void } {
  const api = (options.api ?? 'https://api.github.com').replace(/\/+$/, '');
  const base = `${api}/repos/${encodeURIComponent(options.owner)}/${encodeURIComponent(options.repo)}`;
  const branch = options.branch ?? 'data';
  const f = options.fetch ?? ((...a: Parameters<typeof fetch>) => globalThis.fetch(...a));
  const wait = options.sleep ?? sleep;
  let token = options.token;
  let defaultBranch: string | undefined;
  let last: Head | undefined;

  async function call(path: string, init: RequestInit & { auth?: string } = {}, retried = false): Promise<Response> {
    const headers = new Headers(init.headers);
    if (!headers.has('accept')) headers.set('accept', 'application/vnd.github+json');
    const auth = init.auth ?? token;
    if (auth) headers.set('authorization', `Bearer ${auth}`);
    let res: Response;
    try {
      res = await f(`${base}${path}`, { ...init, headers, cache: 'no-store' });
    } catch (err) {
      throw new GfaError('E_HTTP', `cannot reach the GitHub API at ${api}; check the network`, { cause: err });
    }
    if ((res.status === 403 || res.status === 429) && !retried) {
      const ms = await rateLimitWait(res, Date.now());
      if (ms !== undefined && ms <= 60_000) {
        await wait(Math.max(1000, ms));
        return call(path, init, true);
      }
      if (ms !== undefined) throw new GfaError('E_FORGE', `GitHub's rate limit is used up until ${new Date(Date.now() + ms).toISOString()}; try again then`);
    }
    return res;
  }

  async function fail(res: Response, what: string): Promise<GfaError> {
    let detail = `HTTP ${res.status}`;
    try {
      const body = (await res.json()) as { message?: unknown };
      if (typeof body.message === 'string') detail += `: ${body.message.split('\n')[0]}`;
    } catch {
      // not JSON
    }
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
    // Runs take seconds to start on GitHub; a poll that finds the head unchanged is a free 304.
    backoff: [1000, 1000, 2000, 2000, 3000, 5000],
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
      const res = await call(`/git/ref/heads/${encodePath(branch)}`, { headers: tag ? { 'if-none-match': tag } : {} });
      if (res.status === 304) return etag !== undefined ? 'unchanged' : last;
      if (res.status === 404 || res.status === 409) return undefined;
      if (!res.ok) throw await fail(res, 'the data branch head');
      const body = (await res.json()) as { object: { sha: string } };
      last = { sha: body.object.sha, etag: res.headers.get('etag') ?? `"${body.object.sha}"` };
      return last;
    },
    async readFile(sha, path) {
      const res = await call(`/contents/${encodePath(path)}?ref=${sha}`, { headers: { accept: RAW } });
      if (res.status === 404) return undefined;
      if (!res.ok) throw await fail(res, `file ${path}`);
      return new Uint8Array(await res.arrayBuffer());
    },
    async commit(sha) {
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
    async trigger(credential, request: TriggerRequest) {
      const ref = await repoDefaultBranch();
      const inputs = { request_id: request.requestId, input: request.input === undefined ? '' : JSON.stringify(request.input) };
      const res = await call(`/actions/workflows/gfa-${encodeURIComponent(request.job)}.yml/dispatches`, {
        method: 'POST',
        auth: credential,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ref, inputs, return_run_details: true }),
      });
      if (res.status !== 200 && res.status !== 204) throw await fail(res, `the dispatch of job "${request.job}"`);
    },
  };
}
