import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { auditWorkflow, generateGithub, generatePipelines, lintSchedules, toModel } from '../../framework/pipeline/index.ts';
import { isGfaError } from '../../framework/errors.ts';
import { fixtureManifest } from './helpers/fixture.ts';
import { actionlint, workflowParserErrors } from './helpers/validate.ts';
import { testGenerator } from './suite.ts';

type Obj = Record<string, any>;

testGenerator('github', generateGithub, (docs) =>
  docs.flatMap((d) => Object.values(((d as Obj).jobs ?? {}) as Obj).flatMap((j: Obj) => (j.steps ?? []).map((s: Obj) => s.run).filter(Boolean))),
);

const files = generateGithub(toModel(fixtureManifest()));

describe('github workflows', () => {
  it('match the snapshots', async () => {
    expect(files.map((f) => f.path)).toEqual([
      '.github/workflows/gfa-bump.yml',
      '.github/workflows/gfa-fail.yml',
      '.github/workflows/gfa-issue-bot.yml',
      '.github/workflows/gfa-noop.yml',
      '.github/workflows/gfa-secret.yml',
      '.github/workflows/gfa-pages.yml',
      '.github/workflows/gfa-keepalive.yml',
    ]);
    for (const f of files) await expect(f.content).toMatchFileSnapshot(`__snapshots__/counter/${f.path.replace('.github/workflows/', 'github-')}`);
  });

  it.each(files.map((f) => [f.path, f.content]))('%s parses with GitHub’s workflow parser', (path, content) => {
    expect(workflowParserErrors(path, content)).toEqual([]);
  });

  it('the parser does reject a broken workflow (the check can fail)', () => {
    const broken = files[0]!.content.replace('runs-on: ubuntu-24.04', 'runs-on: ubuntu-24.04\n    bogus-key: 1');
    expect(workflowParserErrors('broken.yml', broken).length).toBeGreaterThan(0);
  });

  it('pass actionlint with zero findings', async () => {
    for (const f of files) expect(await actionlint(f.path, f.content), f.path).toEqual([]);
    const bad = files[0]!.content.replace('run: node dist/jobs/bump.mjs', 'run: echo "${{ github.event.issue.title }}"');
    expect((await actionlint('bad.yml', bad)).join('\n')).toMatch(/untrusted|expression/i);
  });

  it('pass every security audit', () => {
    for (const f of files) expect(auditWorkflow(parse(f.content)), f.path).toEqual([]);
  });

  it('declare the triggers, the guard and only the allow-listed secrets', () => {
    const bump = parse(files[0]!.content) as Obj;
    expect(Object.keys(bump.on)).toEqual(['schedule', 'workflow_dispatch', 'repository_dispatch']);
    expect(bump.on.workflow_dispatch.inputs.input.type).toBe('string');
    expect(bump.jobs.run.if).toBe("${{ !github.event.repository.is_template && github.ref == format('refs/heads/{0}', github.event.repository.default_branch) }}");
    expect(bump.jobs.run.steps[1]).toMatchObject({ uses: expect.stringMatching(/^actions\/setup-node@[0-9a-f]{40}$/), with: { 'node-version': '24', 'package-manager-cache': false } });
    expect(bump.jobs.run.permissions).toEqual({ contents: 'write' });
    expect(Object.keys(bump.jobs.run.steps[2].env)).toEqual(['GITHUB_TOKEN', 'GFA_SECRET_KEY']);
    const secret = parse(files[4]!.content) as Obj;
    expect(secret.jobs.run.steps[2].env.FEED_TOKEN).toBe('${{ secrets.FEED_TOKEN }}');
    const bot = parse(files[2]!.content) as Obj;
    expect(bot.on).toEqual({ issues: { types: ['opened', 'edited', 'reopened'] } });
    const pages = parse(files[5]!.content) as Obj;
    expect(pages.jobs.upload.permissions).toEqual({ contents: 'read' });
    expect(pages.jobs.deploy.permissions).toEqual({ pages: 'write', 'id-token': 'write' });
    expect(pages.jobs.deploy.environment.name).toBe('github-pages');
  });
});

describe('generatePipelines / model checks / schedule lint', () => {
  it('lists GitHub files then .gitlab-ci.yml', () => {
    const all = generatePipelines(fixtureManifest()).map((f) => f.path);
    expect(all.at(-1)).toBe('.gitlab-ci.yml');
    expect(all).toHaveLength(8);
  });

  it.each([
    ['job name', (m: Obj) => { m.jobs['Bad Name'] = { ...m.jobs.noop, name: 'Bad Name' }; }],
    ['cron', (m: Obj) => { m.jobs.bump.schedules = ['* * * *']; }],
    ['cron injection', (m: Obj) => { m.jobs.bump.schedules = ['0 0 * * *"\n  evil: 1']; }],
    ['event', (m: Obj) => { m.jobs['issue-bot'].events = ['pull_request_target']; }],
    ['secret name', (m: Obj) => { m.jobs.secret.secrets = ['GITHUB_TOKEN']; }],
    ['secret expression', (m: Obj) => { m.jobs.secret.secrets = ['X }}${{ github.event']; }],
    ['no way to run', (m: Obj) => { m.jobs.noop.trigger = undefined; }],
    ['branch', (m: Obj) => { m.store.branch = 'data" || true'; }],
  ])('rejects a bad %s with E_PIPELINE', (_what, mutate) => {
    const m = fixtureManifest() as unknown as Obj;
    mutate(m);
    let err: unknown;
    try { generatePipelines(m as never); } catch (e) { err = e; }
    expect(isGfaError(err, 'E_PIPELINE')).toBe(true);
  });

  it('warns about minute-0 schedules only', () => {
    const m = fixtureManifest();
    expect(lintSchedules(m)).toEqual([]);
    m.jobs.bump!.schedules = ['0 * * * *', '30 2 * * *', '00 3 * * 1'];
    const w = lintSchedules(m);
    expect(w).toHaveLength(2);
    expect(w[0]).toContain('"0 * * * *"');
    expect(w[0]).toContain('"17 * * * *"');
  });
});
