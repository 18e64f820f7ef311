/**
 * The pipelines of the real counter fixture, as `gfa build` writes them: snapshots, GitHub's parser,
 * actionlint, GitLab's schema, the audits, and the GitHub steps executed with the real bundles.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { auditGitlab, auditWorkflow } from '../../framework/pipeline/index.ts';
import { makeCheckout, type AppCheckout } from './helpers/app.ts';
import { simulateJob } from '../../framework/dev/github/actions-sim.ts';
import { buildCounter } from './helpers/build.ts';
import { actionlint, gitlabSchemaErrors, workflowParserErrors } from './helpers/validate.ts';

type Obj = Record<string, any>;

let built: Awaited<ReturnType<typeof buildCounter>>;
let files: { path: string; content: string }[];
let app: AppCheckout;
beforeAll(async () => {
  built = await buildCounter();
  const wf = join(built.dir, '.github/workflows');
  files = [
    ...readdirSync(wf).sort().map((n) => ({ path: `.github/workflows/${n}`, content: readFileSync(join(wf, n), 'utf8') })),
    { path: '.gitlab-ci.yml', content: readFileSync(join(built.dir, '.gitlab-ci.yml'), 'utf8') },
  ];
  app = await makeCheckout(built.dir, []);
});
afterAll(async () => {
  app?.cleanup();
  await built?.cleanup();
});

describe('pipelines of the built counter app', () => {
  it('match the snapshots', async () => {
    expect(files.map((f) => f.path)).toEqual([
      '.github/workflows/gfa-bump.yml',
      '.github/workflows/gfa-fail.yml',
      '.github/workflows/gfa-issue-bot.yml',
      '.github/workflows/gfa-keepalive.yml',
      '.github/workflows/gfa-noop.yml',
      '.github/workflows/gfa-pages.yml',
      '.github/workflows/gfa-secret.yml',
      '.gitlab-ci.yml',
    ]);
    for (const f of files) await expect(f.content).toMatchFileSnapshot(`__snapshots__/counter-build/${f.path.replace('.github/workflows/', 'github-').replace(/^\./, '')}`);
  });

  it('are valid for GitHub’s parser, actionlint and GitLab’s schema, and pass every audit', async () => {
    for (const f of files.slice(0, -1)) {
      expect(workflowParserErrors(f.path, f.content), f.path).toEqual([]);
      expect(await actionlint(f.path, f.content), f.path).toEqual([]);
      expect(auditWorkflow(parse(f.content)), f.path).toEqual([]);
    }
    const docs = parseAllDocuments(files.at(-1)!.content).map((d) => d.toJS());
    for (const d of docs) expect(gitlabSchemaErrors(d)).toEqual([]);
    expect(auditGitlab(docs[1])).toEqual([]);
  });
});

describe('GitHub steps with the real bundles', () => {
  const workflow = (job: string) => parse(files.find((f) => f.path === `.github/workflows/gfa-${job}.yml`)!.content) as Obj;
  const repository = { full_name: 'owner/counter', is_template: false, default_branch: 'main' };
  const sim = (job: string, eventName: string, payload: Obj) =>
    simulateJob(workflow(job), 'run', { eventName, payload: { repository, ...payload }, workdir: app.dir, runnerEnv: { GFA_REMOTE: app.remote } });

  it('workflow_dispatch with input bumps the counter and writes the result', async () => {
    const r = await sim('bump', 'workflow_dispatch', { inputs: { request_id: 'gh-1', input: '{"by":2}' } });
    expect(r.steps.map((s) => s.code), r.steps.map((s) => s.stderr).join('')).toEqual([0]);
    expect(await app.readData('n')).toBe('2');
    expect(JSON.parse((await app.readData('results/gh-1'))!)).toMatchObject({ job: 'bump', requestId: 'gh-1', status: 'ok', output: { n: 2 } });
  });

  it('hostile input is data: rejected by validation, no command runs, nothing else changes', async () => {
    const mark = join(app.dir, '..', `pwned-${randomBytes(4).toString('hex')}`);
    const before = await app.readData('n');
    const r = await sim('bump', 'workflow_dispatch', { inputs: { request_id: 'gh-2', input: `{"by":"$(touch ${mark})"}; touch ${mark}` } });
    expect(existsSync(mark)).toBe(false);
    expect(r.ran).toBe(true);
    expect(await app.readData('n')).toBe(before);
    expect(r.steps.map((s) => s.code)).toEqual([1]);
    expect(JSON.parse((await app.readData('results/gh-2'))!)).toMatchObject({ requestId: 'gh-2', status: 'error', error: { code: 'E_INPUT' } });
  });

  it('an issues event runs the issue bot with the event file', async () => {
    const r = await sim('issue-bot', 'issues', { action: 'opened', issue: { number: 7, title: '"; $(id) ${{ github.token }}' } });
    expect(r.steps.map((s) => s.code), r.steps.map((s) => s.stderr).join('')).toEqual([0]);
    expect(await app.readData('issues/7')).toBe('{"seen":true}');
  });
});
