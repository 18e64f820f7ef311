/** The dev server's fetch-style handler, in process: read endpoints, job endpoints and their 4xx answers. */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Manifest } from '../../framework/app/manifest.ts';
import { createDevHandler, type DevHandler } from '../../framework/dev/handler.ts';
import type { JobRunner, RunRecord, RunRequest } from '../../framework/dev/jobs.ts';
import type { KeysFile } from '../../framework/crypto/passphrase.ts';
import { requestIdTime } from '../../framework/contract.ts';

const run = promisify(execFile);
const git = async (cwd: string, args: string[], input?: string): Promise<string> => {
  const p = run('git', args, { cwd, encoding: 'utf8' });
  if (input !== undefined) p.child.stdin?.end(input);
  return (await p).stdout.trim();
};

const manifest: Manifest = {
  version: 1,
  name: 'h',
  store: { branch: 'data', history: 'squash', encrypt: false },
  pages: { dir: 'web' },
  jobs: {
    bump: { name: 'bump', bundle: 'dist/jobs/bump.mjs', schedules: ['*/5 * * * *'], trigger: {}, events: [], secrets: [] },
    bot: { name: 'bot', bundle: 'dist/jobs/bot.mjs', schedules: [], events: ['issues'], secrets: [] },
  },
};

/** Records requests instead of starting processes: these tests are about HTTP, not jobs. */
function recordingRunner(): JobRunner & { requests: RunRequest[] } {
  const requests: RunRequest[] = [];
  return {
    requests,
    run: async (r) => {
      requests.push(r);
      return { ...r, status: 'ok', exitCode: 0, durationMs: 1 } satisfies RunRecord;
    },
    idle: async () => {},
    stop: async () => {},
    setRemote: () => {},
  };
}

describe('dev handler (in process)', () => {
  let dir: string;
  let handler: DevHandler;
  let runner: ReturnType<typeof recordingRunner>;
  let sha: string;
  const token = 'gfa_local_test-token';
  const keysFile = { version: 1, marker: 'keys' } as unknown as KeysFile;
  const req = (path: string, init?: RequestInit): Promise<Response> => handler(new Request(`http://127.0.0.1:1${path}`, init));
  const post = (path: string, body: string, headers: Record<string, string> = {}): Promise<Response> =>
    req(path, { method: 'POST', body, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers } });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gfa-dev-handler-'));
    const repo = join(dir, 'remote.git');
    await git(dir, ['init', '-q', '--bare', repo]);
    const a = await git(repo, ['hash-object', '-w', '--stdin'], 'one');
    const b = await git(repo, ['hash-object', '-w', '--stdin'], 'two');
    const sub = await git(repo, ['mktree'], `100644 blob ${b}\tx.json\n`);
    const root = await git(repo, ['mktree'], `100644 blob ${a}\ta.txt\n040000 tree ${sub}\tfeeds\n`);
    sha = await git(repo, ['-c', 'user.name=t', '-c', 'user.email=t@t', 'commit-tree', root, '-m', 'data']);
    await git(repo, ['update-ref', 'refs/heads/data', sha]);
    mkdirSync(join(dir, 'pages'));
    writeFileSync(join(dir, 'pages', 'index.html'), '<!doctype html><html><head><title>t</title></head><body></body></html>');
    writeFileSync(join(dir, 'secret.txt'), 'outside');
    runner = recordingRunner();
    handler = createDevHandler({ repo, manifest: () => manifest, runner, triggerToken: token, keysFile, pagesDir: join(dir, 'pages'), url: () => 'http://127.0.0.1:1' });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('serves the head SHA with an ETag and answers 304 to a matching If-None-Match', async () => {
    const res = await req('/api/head');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ sha, branch: 'data' });
    expect(res.headers.get('etag')).toBe(`"${sha}"`);
    expect((await req('/api/head', { headers: { 'if-none-match': `"${sha}"` } })).status).toBe(304);
    expect((await req('/api/head', { headers: { 'if-none-match': '"0000"' } })).status).toBe(200);
  });

  it('serves file bytes and tree listings at a SHA', async () => {
    const f = await req(`/api/file/${sha}/feeds/x.json`);
    expect(f.status).toBe(200);
    expect(await f.text()).toBe('two');
    expect(f.headers.get('cache-control')).toMatch(/immutable/);
    expect(await (await req(`/api/tree/${sha}`)).json()).toEqual({ sha, path: '', files: ['a.txt', 'feeds/x.json'] });
    expect(await (await req(`/api/tree/${sha}?path=feeds`)).json()).toMatchObject({ files: ['feeds/x.json'] });
  });

  it('serves the keys file and the pages with the forge settings injected', async () => {
    expect(await (await req('/.gfa/keys.json')).json()).toEqual(keysFile);
    const html = await (await req('/')).text();
    expect(html).toContain(`<meta name="gfa-forge" content='{"forge":"local","url":"http://127.0.0.1:1"}'>`);
    expect(await (await req('/gfa-forge.json')).json()).toEqual({ forge: 'local', url: 'http://127.0.0.1:1' });
  });

  it('accepts a trigger with the credential', async () => {
    const res = await post('/api/trigger', JSON.stringify({ job: 'bump', requestId: 'req-1', input: { by: 2 } }));
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ job: 'bump', requestId: 'req-1' });
    expect(runner.requests.at(-1)).toEqual({ job: 'bump', requestId: 'req-1', input: { by: 2 }, trigger: 'trigger' });
    const gen = (await (await post('/api/trigger', '{"job":"bump"}')).json()) as { requestId: string };
    expect(gen.requestId).toMatch(/^[A-Za-z0-9_-]{16,}$/);
    expect(requestIdTime(gen.requestId)).toBeGreaterThan(Date.now() - 60_000); // so its result expires
  });

  it('runs a re-sent request id again (the runtime answers it from its stored result) and takes a batch (issue 21)', async () => {
    const again = await post('/api/trigger', JSON.stringify({ job: 'bump', requestId: 'req-1', input: { by: 2 } }));
    expect(again.status).toBe(202);
    const batch = await post('/api/trigger', JSON.stringify({ job: 'bump', requestId: 'b-1', batch: [{ requestId: 'm1', input: { by: 1 } }, { requestId: 'm2' }] }));
    expect(batch.status).toBe(202);
    expect(runner.requests.at(-1)).toEqual({ job: 'bump', requestId: 'b-1', batch: [{ requestId: 'm1', input: { by: 1 } }, { requestId: 'm2' }], trigger: 'trigger' });
  });

  it('fires every schedule on tick', async () => {
    const res = await post('/api/tick?wait=1', '');
    expect(res.status).toBe(200);
    expect(((await res.json()) as { runs: unknown[] }).runs).toEqual([expect.objectContaining({ job: 'bump', cron: '*/5 * * * *', status: 'ok' })]);
  });

  const bad: [string, () => Promise<Response>, number][] = [
    ['bad SHA', () => req('/api/file/xyz/a.txt'), 400],
    ['bad path', () => req(`/api/file/${sha}/a//b`), 400],
    ['unknown SHA', () => req(`/api/file/${'a'.repeat(40)}/a.txt`), 404],
    ['missing file', () => req(`/api/file/${sha}/nope.txt`), 404],
    ['tree of unknown SHA', () => req(`/api/tree/${'b'.repeat(40)}`), 404],
    ['tree with bad dir', () => req(`/api/tree/${sha}?path=..%2Fx`), 400],
    ['unknown endpoint', () => req('/api/nope'), 404],
    ['wrong method', () => req('/api/trigger'), 405],
    ['no credential', () => req('/api/trigger', { method: 'POST', body: '{"job":"bump"}', headers: { 'content-type': 'application/json' } }), 401],
    ['wrong credential', () => post('/api/trigger', '{"job":"bump"}', { authorization: 'Bearer nope' }), 403],
    ['tick without credential', () => req('/api/tick', { method: 'POST' }), 401],
    ['bad JSON', () => post('/api/trigger', '{"job":'), 400],
    ['empty body', () => post('/api/trigger', ''), 400],
    ['not JSON content type', () => post('/api/trigger', '{"job":"bump"}', { 'content-type': 'text/plain' }), 415],
    ['oversized body', () => post('/api/trigger', JSON.stringify({ job: 'bump', input: 'x'.repeat(200_000) })), 413],
    ['oversized input', () => post('/api/trigger', JSON.stringify({ job: 'bump', input: 'x'.repeat(65_540) })), 413],
    ['array body', () => post('/api/trigger', '[]'), 400],
    ['missing job', () => post('/api/trigger', '{}'), 400],
    ['unknown field', () => post('/api/trigger', '{"job":"bump","x":1}'), 400],
    ['unknown job', () => post('/api/trigger', '{"job":"nope"}'), 404],
    ['job without trigger', () => post('/api/trigger', '{"job":"bot"}'), 400],
    ['bad request id', () => post('/api/trigger', '{"job":"bump","requestId":"a/b"}'), 400],
    ['batch without an id', () => post('/api/trigger', '{"job":"bump","batch":[{"requestId":"a"}]}'), 400],
    ['batch and input', () => post('/api/trigger', '{"job":"bump","requestId":"b","input":1,"batch":[{"requestId":"a"}]}'), 400],
    ['batch member without an id', () => post('/api/trigger', '{"job":"bump","requestId":"b","batch":[{"input":1}]}'), 400],
    ['path escaping the pages', () => req('/..%2Fsecret.txt'), 400],
    ['missing page', () => req('/nope.html'), 404],
  ];
  it.each(bad)('rejects %s with a 4xx JSON error', async (_name, send, status) => {
    const before = runner.requests.length;
    const res = await send();
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(typeof ((await res.json()) as { error?: unknown }).error).toBe('string');
    expect(runner.requests.length).toBe(before);
  });
});
