/** The `local` forge adapter: talks to `gfa dev` over its HTTP endpoints. */
import { GfaError } from '../../errors.ts';
import { DEFAULT_BATCH_LIMIT, wireForm } from '../batch.ts';
import { httpDetail } from '../http.ts';
import type { ClientForge, Head, TriggerBatch } from '../types.ts';
import { LOCAL_ROUTES } from './routes.ts';

async function errorOf(res: Response, what: string): Promise<GfaError> {
  const detail = await httpDetail(res);
  const code = res.status === 401 || res.status === 403 ? 'E_FORGE' : 'E_HTTP';
  return new GfaError(code, `gfa dev refused ${what} (${detail})`);
}

function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

/** Creates the adapter for a `gfa dev` server at `url`. */
export function localForge(options: { url: string; fetch?: typeof fetch }): ClientForge {
  const base = options.url.replace(/\/+$/, '');
  const f = options.fetch ?? ((...a: Parameters<typeof fetch>) => globalThis.fetch(...a));
  const get = async (path: string, init?: RequestInit): Promise<Response> => {
    try {
      return await f(`${base}${path}`, init);
    } catch (err) {
      throw new GfaError('E_HTTP', `cannot reach gfa dev at ${base}; is it running?`, { cause: err });
    }
  };
  return {
    name: 'local',
    // Local reads cost one `git rev-parse`: poll every 100 ms for the first 1.5 s (a job takes ~0.6 s), then back off to 1 s.
    backoff: [...Array<number>(15).fill(100), 250, 500, 1000],
    async keysFile() {
      const res = await get(LOCAL_ROUTES.keys, { cache: 'no-store' });
      if (!res.ok) throw await errorOf(res, 'the keys file');
      return res.json() as Promise<unknown>;
    },
    async head(etag) {
      const res = await get(LOCAL_ROUTES.head, { cache: 'no-store', headers: etag ? { 'if-none-match': etag } : {} });
      if (res.status === 304) return 'unchanged';
      if (res.status === 404) return undefined;
      if (!res.ok) throw await errorOf(res, 'the branch head');
      const body = (await res.json()) as { sha: string };
      return { sha: body.sha, etag: res.headers.get('etag') ?? `"${body.sha}"` } satisfies Head;
    },
    async readFile(sha, path) {
      const res = await get(`${LOCAL_ROUTES.file}${sha}/${encodePath(path)}`);
      if (res.status === 404) return undefined;
      if (!res.ok) throw await errorOf(res, `file ${path}`);
      return new Uint8Array(await res.arrayBuffer());
    },
    async listFiles(sha, dir) {
      const res = await get(`${LOCAL_ROUTES.tree}${sha}${dir ? `?path=${encodeURIComponent(dir)}` : ''}`);
      if (!res.ok) throw await errorOf(res, 'the tree listing');
      return ((await res.json()) as { files: string[] }).files;
    },
    async commit(sha) {
      const res = await get(`${LOCAL_ROUTES.commit}${sha}`);
      if (!res.ok) throw await errorOf(res, `commit ${sha.slice(0, 12)}`);
      const body = (await res.json()) as { tree?: unknown; message?: unknown };
      if (typeof body.tree !== 'string' || typeof body.message !== 'string') throw new GfaError('E_HTTP', `gfa dev answered commit ${sha.slice(0, 12)} without its tree and message`);
      return { tree: body.tree, message: body.message };
    },
    batchLimit: DEFAULT_BATCH_LIMIT,
    async trigger(credential, batch: TriggerBatch) {
      const wire = wireForm(batch);
      const body = wire.members === undefined ? { job: batch.job, requestId: wire.requestId, input: wire.input } : { job: batch.job, requestId: wire.requestId, batch: batch.requests };
      const res = await get(LOCAL_ROUTES.trigger, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${credential}` },
        body: JSON.stringify(body),
      });
      if (res.status !== 202) throw await errorOf(res, `the trigger of job "${batch.job}"`);
      return {};
    },
  };
}
