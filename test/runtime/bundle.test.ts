/** End to end: build the counter fixture once, run its bundles with `node` against real bare repos. */
import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../framework/build/index.ts';
import type { JobResult } from '../../framework/contract.ts';
import { bareRepo, copyCounter, listKeys, readKey, runBundle } from '../build/helpers/fixture.ts';

const exec = promisify(execFile);
let app: Awaited<ReturnType<typeof copyCounter>>;
let tmp: string;
let repoCount = 0;

beforeAll(async () => {
  app = await copyCounter();
  tmp = await mkdtemp(join(tmpdir(), 'gfa-bundle-'));
  await buildApp(app.dir);
});
afterAll(async () => {
  await app.cleanup();
  await rm(tmp, { recursive: true, force: true });
});

const bundle = (job: string): string => join(app.dir, 'dist/jobs', `${job}.mjs`);
const newRepo = (): Promise<string> => bareRepo(tmp, `r${++repoCount}.git`);
async function result(repo: string, id: string): Promise<JobResult> {
  const text = await readKey(repo, `results/${id}`);
  expect(text, `results/${id}`).toBeDefined();
  return JSON.parse(text as string) as JobResult;
}

describe('job bundles', () => {
  it('runs a trigger with input: data and result land in one commit', async () => {
    const repo = await newRepo();
    const env = { GFA_REMOTE: repo, GFA_HISTORY: 'keep', GFA_TRIGGER: 'trigger' };
    const a = await runBundle(bundle('bump'), { ...env, GFA_INPUT: '{"by":3}', GFA_REQUEST_ID: 'req-1' });
    expect(a.code, a.stderr).toBe(0);
    expect(a.line).toEqual({ requestId: 'req-1', status: 'ok' });
    const b = await runBundle(bundle('bump'), { ...env, GFA_INPUT: '{"by":2}', GFA_REQUEST_ID: 'req-2' });
    expect(b.code, b.stderr).toBe(0);
    expect(await readKey(repo, 'n')).toBe('5');
    const r = await result(repo, 'req-2');
    expect(r).toMatchObject({ job: 'bump', requestId: 'req-2', status: 'ok', output: { n: 5 } });
    expect(Date.parse(r.finishedAt)).toBeGreaterThanOrEqual(Date.parse(r.startedAt));
    const changed = (await exec('git', ['--git-dir', repo, 'show', '--name-only', '--format=', 'data'])).stdout.trim().split('\n').sort();
    expect(changed).toEqual(['n', 'results/req-2']);
    expect(b.stderr).toContain('n is now 5');
  });

  it('runs on a schedule (GFA_TRIGGER and GitHub event file) and generates request ids', async () => {
    const repo = await newRepo();
    const a = await runBundle(bundle('bump'), { GFA_REMOTE: repo, GFA_TRIGGER: 'schedule', GFA_SCHEDULE: '*/15 * * * *' });
    expect(a.code, a.stderr).toBe(0);
    expect(a.line.requestId).toMatch(/^[a-z0-9]{9}-[A-Za-z0-9_-]{16}$/);
    const event = join(tmp, 'schedule.json');
    await writeFile(event, JSON.stringify({ schedule: '*/15 * * * *' }));
    const b = await runBundle(bundle('bump'), { GFA_REMOTE: repo, GITHUB_EVENT_NAME: 'schedule', GITHUB_EVENT_PATH: event });
    expect(b.code, b.stderr).toBe(0);
    expect(b.line.requestId > a.line.requestId).toBe(true);
    expect(await readKey(repo, 'n')).toBe('2');
  });

  it('reads workflow_dispatch and repository_dispatch event files', async () => {
    const repo = await newRepo();
    const wd = join(tmp, 'wd.json');
    await writeFile(wd, JSON.stringify({ inputs: { request_id: 'wd-1', input: '{"by":4}' } }));
    expect((await runBundle(bundle('bump'), { GFA_REMOTE: repo, GITHUB_EVENT_NAME: 'workflow_dispatch', GITHUB_EVENT_PATH: wd })).code).toBe(0);
    const rd = join(tmp, 'rd.json');
    await writeFile(rd, JSON.stringify({ client_payload: { request_id: 'rd-1', input: { by: 10 } } }));
    expect((await runBundle(bundle('bump'), { GFA_REMOTE: repo, GITHUB_EVENT_NAME: 'repository_dispatch', GITHUB_EVENT_PATH: rd })).code).toBe(0);
    expect((await result(repo, 'rd-1')).output).toEqual({ n: 14 });
    expect((await result(repo, 'wd-1')).output).toEqual({ n: 4 });
  });

  it('reads GitLab trigger pipelines (base64url input) and webhook payloads', async () => {
    const repo = await newRepo();
    const input = Buffer.from('{"by":6}').toString('base64url');
    const a = await runBundle(bundle('bump'), { GFA_REMOTE: repo, CI_PIPELINE_SOURCE: 'trigger', GFA_REQUEST_ID: 'gl-1', GFA_INPUT_B64: input });
    expect(a.code, a.stderr).toBe(0);
    expect((await result(repo, 'gl-1')).output).toEqual({ n: 6 });
    const hook = join(tmp, 'gl-hook.json');
    await writeFile(hook, JSON.stringify({ object_kind: 'issue', issue: { number: 12 } }));
    const b = await runBundle(bundle('issue-bot'), { GFA_REMOTE: repo, CI_PIPELINE_SOURCE: 'trigger', TRIGGER_PAYLOAD: hook });
    expect(b.code, b.stderr).toBe(0);
    expect(await readKey(repo, 'issues/12')).toBe('{"seen":true}');
  });

  it('runs forge events with the payload, and refuses events the job does not declare', async () => {
    const repo = await newRepo();
    const ev = join(tmp, 'issue.json');
    await writeFile(ev, JSON.stringify({ action: 'opened', issue: { number: 7 } }));
    const a = await runBundle(bundle('issue-bot'), { GFA_REMOTE: repo, GITHUB_EVENT_NAME: 'issues', GITHUB_EVENT_PATH: ev });
    expect(a.code, a.stderr).toBe(0);
    expect(await readKey(repo, 'issues/7')).toBe('{"seen":true}');
    const b = await runBundle(bundle('bump'), { GFA_REMOTE: repo, GITHUB_EVENT_NAME: 'issues', GITHUB_EVENT_PATH: ev });
    expect(b.code).toBe(1);
    expect((await result(repo, b.line.requestId)).error?.code).toBe('E_INPUT');
    expect(await readKey(repo, 'n')).toBeUndefined();
  });

  it('a failing handler writes only its error result and exits 1', async () => {
    const repo = await newRepo();
    const r = await runBundle(bundle('fail'), { GFA_REMOTE: repo, GFA_REQUEST_ID: 'f-1' });
    expect(r.code).toBe(1);
    expect(r.line).toEqual({ requestId: 'f-1', status: 'error', code: 'E_JOB_FAILED' });
    expect(await listKeys(repo)).toEqual(['results/f-1']);
    expect((await result(repo, 'f-1')).error).toEqual({ code: 'E_JOB_FAILED', message: 'Error: this job always fails' });
  });

  it('rejects bad input before the handler: schema, size, JSON, request id', async () => {
    const repo = await newRepo();
    const cases: [Record<string, string>, string, RegExp][] = [
      [{ GFA_INPUT: '{"by":"x"}' }, 'E_INPUT', /^input does not match the job's schema: by: /],
      [{ GFA_INPUT: JSON.stringify({ by: 1, pad: 'x'.repeat(70_000) }) }, 'E_INPUT_TOO_LARGE', /limit is 65536 bytes/],
      [{ GFA_INPUT: '{"by":' }, 'E_INPUT', /^input is not valid JSON/],
      [{ GFA_INPUT_B64: Buffer.from('[1,2').toString('base64url') }, 'E_INPUT', /^input is not valid JSON/],
      [{ GFA_REQUEST_ID: '../../etc' }, 'E_INPUT', /request id must match/],
    ];
    for (const [env, code, message] of cases) {
      const r = await runBundle(bundle('bump'), { GFA_REMOTE: repo, ...env });
      expect(r.code, code).toBe(1);
      const res = await result(repo, r.line.requestId);
      expect(res.error?.code).toBe(code);
      expect(res.error?.message).toMatch(message);
      expect(res.error?.message).not.toContain('xxxxxxxx');
    }
    expect((await listKeys(repo)).filter((k) => !k.startsWith('results/'))).toEqual([]);
  });

  it('secrets: missing → E_SECRET_MISSING; present → only allow-listed, masked in logs', async () => {
    const repo = await newRepo();
    const miss = await runBundle(bundle('secret'), { GFA_REMOTE: repo });
    expect(miss.code).toBe(1);
    expect((await result(repo, miss.line.requestId)).error).toEqual({ code: 'E_SECRET_MISSING', message: expect.stringMatching(/^secret FEED_TOKEN is not set/) });
    const token = 'tok-very-secret-123';
    const key = Buffer.alloc(32, 7).toString('base64');
    const ok = await runBundle(bundle('secret'), { GFA_REMOTE: repo, FEED_TOKEN: token, OTHER_TOKEN: 'nope-nope', GFA_SECRET_KEY: key });
    expect(ok.code, ok.stderr).toBe(0);
    expect((await result(repo, ok.line.requestId)).output).toEqual({ sawToken: true, otherSecrets: [] });
    expect(ok.stderr).toContain('token is ***');
    expect(ok.stderr + ok.stdout).not.toContain(token);
    expect(ok.stderr + ok.stdout).not.toContain(key);
  });

  it('concurrent runs of the same job lose no update', async () => {
    const repo = await newRepo();
    const runs = await Promise.all(Array.from({ length: 6 }, (_, i) => runBundle(bundle('bump'), { GFA_REMOTE: repo, GFA_REQUEST_ID: `c-${i}` })));
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    expect(await readKey(repo, 'n')).toBe('6');
    const outputs = await Promise.all(runs.map(async (_, i) => ((await result(repo, `c-${i}`)).output as { n: number }).n));
    expect(outputs.sort()).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('the bundle runs with no node_modules', async () => {
    const repo = await newRepo();
    const alone = await mkdtemp(join(tmpdir(), 'gfa-alone-'));
    try {
      await copyFile(bundle('bump'), join(alone, 'bump.mjs'));
      const r = await runBundle(join(alone, 'bump.mjs'), { GFA_REMOTE: repo, GFA_INPUT: '{"by":9}' }, alone);
      expect(r.code, r.stderr).toBe(0);
      expect(await readKey(repo, 'n')).toBe('9');
    } finally {
      await rm(alone, { recursive: true, force: true });
    }
  });

  it('an unreachable remote: exits 1 with a line, writes nothing', async () => {
    const r = await runBundle(bundle('noop'), { GFA_REMOTE: join(tmp, 'missing.git') });
    expect(r.code).toBe(1);
    expect(r.line).toMatchObject({ requestId: null, status: 'error' });
    expect(r.stderr).toMatch(/no result written/);
  });
});
