/**
 * The `.gitlab-ci.yml` that `gfa build` writes for the counter fixture, executed with gitlab-ci-local
 * (shell executor) in a checkout of the built app (dist/ committed, no node_modules), against a real
 * local bare repository as the data remote. Six pipelines.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCheckout, type AppCheckout } from './helpers/app.ts';
import { GCL, run } from './helpers/exec.ts';
import { buildCounter } from './helpers/build.ts';

let app: AppCheckout;
let built: Awaited<ReturnType<typeof buildCounter>>;
beforeAll(async () => {
  built = await buildCounter();
  app = await makeCheckout(built.dir, []);
});
afterAll(async () => {
  app?.cleanup();
  await built?.cleanup();
});

/** Runs one pipeline; returns the exit code, the jobs that ran, and the output. */
async function pipeline(source: string, inputs: Record<string, string>, variables: Record<string, string> = {}) {
  const args = ['--force-shell-executor', '--variable', `CI_PIPELINE_SOURCE=${source}`, '--ignore-predefined-vars', 'CI_PIPELINE_SOURCE,CI_COMMIT_REF_NAME,CI_COMMIT_BRANCH', '--variable', `GFA_REMOTE=${app.remote}`];
  for (const [k, v] of Object.entries(variables)) args.push('--variable', `${k}=${v}`);
  for (const [k, v] of Object.entries(inputs)) args.push('--input', `${k}=${v}`);
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(GITHUB_|GFA_|CI_|GITLAB_)/.test(k)));
  const r = await run(GCL, args, { cwd: app.dir, env });
  const ran = [...r.stdout.matchAll(/^\s*(?:PASS|FAIL|WARN)\s+(\S+)/gm)].map((m) => m[1]!).sort();
  return { ...r, ran, log: `${r.stdout}\n${r.stderr}` };
}

describe('.gitlab-ci.yml executed with gitlab-ci-local', () => {
  it('a schedule pipeline runs only the scheduled job, which changes the data branch', async () => {
    const r = await pipeline('schedule', { job: 'bump' });
    expect(r.code, r.log).toBe(0);
    expect(r.ran).toEqual(['gfa-bump']);
    expect(await app.readData('n')).toBe('1');
    const results = await app.listData('results/');
    expect(results).toHaveLength(1);
    expect(JSON.parse((await app.readData(results[0]!))!)).toMatchObject({ job: 'bump', status: 'ok', output: { n: 1 } });
  });

  it('a trigger pipeline with inputs runs only that job, which writes its result', async () => {
    const json = JSON.stringify({ by: 2, note: `"; $(touch x) \${{ github.token }} $[[ inputs.job ]]` });
    const r = await pipeline('trigger', { job: 'bump', request_id: 'req-gl-1', input: Buffer.from(json).toString('base64url') });
    expect(r.code, r.log).toBe(0);
    expect(r.ran).toEqual(['gfa-bump']);
    expect(JSON.parse((await app.readData('results/req-gl-1'))!)).toMatchObject({ job: 'bump', requestId: 'req-gl-1', status: 'ok', output: { n: 3 } });
    expect(await app.readData('n')).toBe('3');
  });

  it('an input that is not base64url is refused before any job runs', async () => {
    const mark = join(app.dir, '..', 'pwned-gitlab');
    const head = await app.dataHead();
    const r = await pipeline('trigger', { job: 'noop', request_id: 'req-gl-2', input: `"; touch ${mark}; echo $(touch ${mark})` });
    expect(r.code).not.toBe(0);
    expect(r.log).toMatch(/regex/);
    expect(r.ran).toEqual([]);
    expect(existsSync(mark)).toBe(false);
    expect(await app.dataHead()).toBe(head);
  });

  it('a webhook (trigger with TRIGGER_PAYLOAD and no request id) runs the event job', async () => {
    const payload = join(app.dir, '..', 'payload.json');
    writeFileSync(payload, JSON.stringify({ object_kind: 'issue', object_attributes: { iid: 3, title: 'hello' } }));
    const r = await pipeline('trigger', { job: 'issue-bot' }, { TRIGGER_PAYLOAD: payload });
    expect(r.code, r.log).toBe(0);
    expect(r.ran).toEqual(['gfa-issue-bot']);
    // The runtime read the GitLab payload (no `issue.number` in GitLab's shape, hence 0).
    expect(await app.readData('issues/0')).toBe('{"seen":true}');
  });

  it('a client trigger (with a request id) does not start an event-only job', async () => {
    const head = await app.dataHead();
    const r = await pipeline('trigger', { job: 'issue-bot', request_id: 'req-gl-3' });
    expect(r.ran).toEqual([]);
    expect(await app.dataHead()).toBe(head);
  });

  it('a trigger, schedule or webhook on a ref other than the default branch runs nothing', async () => {
    const head = await app.dataHead();
    for (const ref of ['feature', 'v1.0.0']) {
      const refVars = { CI_COMMIT_REF_NAME: ref, CI_COMMIT_BRANCH: ref };
      const runs = [
        await pipeline('trigger', { job: 'bump', request_id: `req-gl-ref-${ref.replace(/\W/g, '')}` }, refVars),
        await pipeline('schedule', { job: 'bump' }, refVars),
        await pipeline('api', { job: 'bump', request_id: 'req-gl-ref-api' }, refVars),
        await pipeline('web', {}, refVars),
      ];
      for (const r of runs) expect(r.ran, r.log).toEqual([]);
    }
    expect(await app.dataHead()).toBe(head);
  });

  it('a push to the default branch runs only Pages, never a job', async () => {
    const head = await app.dataHead();
    const r = await pipeline('push', {});
    expect(r.code, r.log).toBe(0);
    expect(r.ran).toEqual(['pages']);
    expect(await app.dataHead()).toBe(head);
  });
});
