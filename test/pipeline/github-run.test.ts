/**
 * The generated GitHub workflows, executed: their `run:` steps with a GitHub-like environment
 * (event file, the env the workflow declares, GFA_REMOTE → a local bare repo), their `if:` guards
 * evaluated with @actions/expressions, and hostile text in every trigger field.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { generateGithub, toModel } from '../../framework/pipeline/index.ts';
import { makeCheckout, type AppCheckout } from './helpers/app.ts';
import { jobCondition, simulateJob } from '../../framework/dev/github/actions-sim.ts';
import { APP_DIR, fixtureManifest } from './helpers/fixture.ts';

type Obj = Record<string, any>;

const files = generateGithub(toModel(fixtureManifest()));
const workflow = (job: string): Obj => parse(files.find((f) => f.path === `.github/workflows/gfa-${job}.yml`)!.content) as Obj;
const repo = (isTemplate: boolean) => ({ full_name: 'owner/app', is_template: isTemplate, default_branch: 'main' });

let app: AppCheckout;
let scratch: string;
beforeAll(async () => {
  app = await makeCheckout(APP_DIR, files);
  scratch = mkdtempSync(join(tmpdir(), 'gfa-injection-'));
});
afterAll(() => {
  app?.cleanup();
  rmSync(scratch, { recursive: true, force: true });
});

const sim = (job: string, eventName: string, payload: Obj, secrets?: Record<string, string>) =>
  simulateJob(workflow(job), 'run', { eventName, payload, secrets, workdir: app.dir, runnerEnv: { GFA_REMOTE: app.remote } });

describe('GitHub workflow guards', () => {
  const main = 'refs/heads/main';
  it('the is_template guard is false for a template repository and true otherwise', () => {
    for (const job of ['bump', 'issue-bot', 'secret']) {
      const w = workflow(job).jobs.run as Obj;
      expect(jobCondition(w, { github: { ref: main, event: { repository: repo(true) } } })).toBe(false);
      expect(jobCondition(w, { github: { ref: main, event: { repository: repo(false) } } })).toBe(true);
      // Schedule payloads carry the repository (GitHub changelog, 2022-09-27).
      expect(jobCondition(w, { github: { ref: main, event: { schedule: '*/15 * * * *', repository: repo(false) } } })).toBe(true);
    }
  });

  it('a template repository runs nothing and writes nothing', async () => {
    const r = await sim('bump', 'workflow_dispatch', { inputs: { request_id: 'tpl', input: '' }, repository: repo(true) });
    expect(r.ran).toBe(false);
    expect(await app.dataHead()).toBeUndefined();
  });

  it('a dispatch of a branch, tag or the data branch other than the default runs nothing (evaluated with @actions/expressions)', async () => {
    for (const job of ['bump', 'issue-bot', 'secret']) {
      const w = workflow(job).jobs.run as Obj;
      for (const ref of ['refs/heads/feature', 'refs/tags/v1', 'refs/heads/data', 'refs/heads/main-evil', 'refs/pull/1/merge']) {
        expect([job, ref, jobCondition(w, { github: { ref, event_name: 'workflow_dispatch', event: { repository: repo(false) } } })]).toEqual([job, ref, false]);
      }
    }
    const r = await simulateJob(workflow('bump'), 'run', {
      eventName: 'workflow_dispatch',
      ref: 'refs/heads/feature',
      payload: { inputs: { request_id: 'feature-1', input: '' }, repository: repo(false) },
      workdir: app.dir,
      runnerEnv: { GFA_REMOTE: app.remote },
    });
    expect(r.ran).toBe(false);
    expect(await app.dataHead()).toBeUndefined();
  });

  it('Pages upload runs only on the default branch, pushed or dispatched', () => {
    const pages = parse(files.find((f) => f.path.endsWith('gfa-pages.yml'))!.content) as Obj;
    const ctx = (event_name: string, branch: string, tpl = false) => ({ github: { event_name, ref: `refs/heads/${branch}`, ref_name: branch, event: { repository: repo(tpl) } } });
    expect(jobCondition(pages.jobs.upload, ctx('push', 'main'))).toBe(true);
    expect(jobCondition(pages.jobs.upload, ctx('workflow_dispatch', 'main'))).toBe(true);
    expect(jobCondition(pages.jobs.upload, ctx('push', 'data'))).toBe(false);
    expect(jobCondition(pages.jobs.upload, ctx('workflow_dispatch', 'feature'))).toBe(false);
    expect(jobCondition(pages.jobs.upload, ctx('push', 'main', true))).toBe(false);
  });
});

describe('GitHub workflow steps, executed', () => {
  it('workflow_dispatch runs the job, which writes its result to the data branch', async () => {
    const r = await sim('bump', 'workflow_dispatch', { inputs: { request_id: 'req-1', input: '{"by":2}' }, repository: repo(false) });
    expect(r.ran).toBe(true);
    expect(r.steps.map((s) => s.code), r.steps.map((s) => s.stderr).join('\n')).toEqual([0]);
    expect(await app.readData('n')).toBe('1');
    expect(await app.readData('results/req-1').then((t) => JSON.parse(t!))).toMatchObject({ job: 'bump', requestId: 'req-1', status: 'ok', trigger: 'trigger', input: '{"by":2}' });
  });

  it('a schedule runs the job as a schedule', async () => {
    // Schedule payloads carry the repository (GitHub changelog, 2022-09-27), so the guard can check the ref.
    const r = await sim('bump', 'schedule', { schedule: '*/15 * * * *', repository: repo(false) });
    expect(r.steps.map((s) => s.code)).toEqual([0]);
    expect(await app.readData('n')).toBe('2');
    expect(await app.lastResult()).toMatchObject({ job: 'bump', trigger: 'schedule' });
  });

  it('only allow-listed secrets reach the step', async () => {
    const r = await sim('secret', 'workflow_dispatch', { inputs: { request_id: 'sec-1', input: '' }, repository: repo(false) }, { FEED_TOKEN: 'feed-xyz', OTHER: 'nope' });
    expect(r.steps.map((s) => s.code)).toEqual([0]);
    expect(JSON.parse((await app.readData('results/sec-1'))!)).toMatchObject({ job: 'secret', secretSeen: true });
    const env = workflow('secret').jobs.run.steps[2].env as Obj;
    expect(Object.values(env).join(' ')).not.toMatch(/OTHER|toJSON/);
  });
});

describe('hostile text in every trigger field', () => {
  const mark = () => join(scratch, `pwned-${randomBytes(6).toString('hex')}`);
  const hostile = (m: string): string[] => [
    `"; touch ${m}; echo "`,
    `'; touch ${m}; echo '`,
    `$(touch ${m})`,
    `\`touch ${m}\``,
    `\ntouch ${m}\n`,
    // Expression syntax of both forges and JSON-looking text, in one field.
    `\${{ github.token }} \${{ secrets.GFA_SECRET_KEY }} $[[ inputs.job ]] {"by":"$(touch ${m})"} && touch ${m}`,
  ];

  it('workflow_dispatch inputs, repository_dispatch client_payload and issue text run no extra command', async () => {
    const m = mark();
    for (const h of hostile(m)) {
      const base = { repository: repo(false) };
      const cases: [string, string, Obj, (res: Obj) => unknown][] = [
        ['bump', 'workflow_dispatch', { ...base, inputs: { request_id: h, input: h } }, (res) => res.input],
        ['bump', 'repository_dispatch', { ...base, action: 'bump', client_payload: { request_id: h, input: h } }, (res) => JSON.parse(res.input)],
        ['issue-bot', 'issues', { ...base, action: 'opened', issue: { number: 7, title: h, body: h } }, (res) => res.input],
      ];
      for (const [job, eventName, payload, inputOf] of cases) {
        const r = await sim(job, eventName, payload, { GFA_SECRET_KEY: 'k'.repeat(44) });
        expect(r.steps.map((s) => s.code), `${eventName} ${JSON.stringify(h)}: ${r.steps.map((s) => s.stderr).join('')}`).toEqual([0]);
        const res = (await app.lastResult())!;
        // The job got the text as data, byte for byte, and rejected the unsafe request id.
        expect(inputOf(res)).toBe(h);
        if (eventName !== 'issues') expect(res).toMatchObject({ rawRequestId: h, status: 'error' });
        expect(existsSync(m), `${eventName} ran an injected command for ${JSON.stringify(h)}`).toBe(false);
      }
    }
  });

  it('the same harness does catch an injectable workflow (the test can fail)', async () => {
    const m = mark();
    const bad = workflow('bump');
    bad.jobs.run.steps[2].run = 'node dist/jobs/bump.mjs "${{ github.event.inputs.input }}"';
    const r = await simulateJob(bad, 'run', {
      eventName: 'workflow_dispatch',
      payload: { inputs: { request_id: 'bad-1', input: hostile(m)[0]! }, repository: repo(false) },
      workdir: app.dir,
      runnerEnv: { GFA_REMOTE: app.remote },
    });
    expect(r.ran).toBe(true);
    expect(existsSync(m)).toBe(true);
  });
});
