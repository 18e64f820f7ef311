/** The keep-alive workflow (framework/pipeline/keepalive.ts) and the audit that holds its permission. */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { KEEPALIVE_WORKFLOW } from '../../framework/contract.ts';
import { auditWorkflow, generateGithub, toModel } from '../../framework/pipeline/index.ts';
import { keepaliveTargets } from '../../framework/pipeline/keepalive.ts';
import { fixtureManifest } from './helpers/fixture.ts';

type Obj = Record<string, any>;
const model = toModel(fixtureManifest());
const file = generateGithub(model).find((f) => f.path === `.github/workflows/${KEEPALIVE_WORKFLOW}`);
const wf = parse(file!.content) as Obj;

describe('gfa-keepalive.yml', () => {
  it('is generated when a job has a schedule, and re-enables every scheduled workflow and itself', () => {
    expect(file).toBeDefined();
    const scheduled = model.jobs.filter((j) => j.schedules.length > 0).map((j) => `gfa-${j.name}.yml`);
    expect(scheduled.length).toBeGreaterThan(0);
    expect(keepaliveTargets(model)).toEqual([...scheduled, KEEPALIVE_WORKFLOW]);
    expect(wf.jobs.keepalive.steps[0].run).toContain(`for file in ${[...scheduled, KEEPALIVE_WORKFLOW].join(' ')}; do`);
  });

  it('is not generated for an app without schedules', () => {
    const none = { ...model, jobs: model.jobs.map((j) => ({ ...j, schedules: [] })).filter((j) => j.trigger || j.events.length > 0) };
    expect(generateGithub(none).map((f) => f.path)).not.toContain(`.github/workflows/${KEEPALIVE_WORKFLOW}`);
  });

  it('holds only actions: write, on one job with no action, no checkout and no secret, and skips private repositories', () => {
    expect(wf.permissions).toEqual({});
    expect(Object.keys(wf.jobs)).toEqual(['keepalive']);
    expect(wf.jobs.keepalive.permissions).toEqual({ actions: 'write' });
    expect(wf.jobs.keepalive.steps.every((s: Obj) => s.uses === undefined)).toBe(true);
    expect(file!.content).not.toMatch(/secrets\./);
    expect(wf.jobs.keepalive.if).toContain('!github.event.repository.private');
    expect(wf.on).toEqual({ schedule: [{ cron: expect.stringMatching(/^[1-9]\d? /) }] });
    expect(auditWorkflow(wf)).toEqual([]);
  });

  it('the audit refuses actions: write anywhere else', () => {
    const job = structuredClone(wf) as Obj;
    job.jobs.keepalive.steps.unshift({ uses: 'actions/checkout@0123456789012345678901234567890123456789', with: { 'persist-credentials': false } });
    expect(auditWorkflow(job).map((f) => f.where)).toContain('jobs.keepalive.permissions.actions');
    const secret = structuredClone(wf) as Obj;
    secret.jobs.keepalive.steps[0].env.T = '${{ secrets.T }}';
    expect(auditWorkflow(secret).map((f) => f.where)).toContain('jobs.keepalive.permissions.actions');
    const data = parse(generateGithub(model)[0]!.content) as Obj;
    data.jobs.run.permissions.actions = 'write';
    expect(auditWorkflow(data).map((f) => f.where)).toContain('jobs.run.permissions.actions');
    const both = structuredClone(wf) as Obj;
    both.jobs.keepalive.permissions.contents = 'write';
    expect(auditWorkflow(both).map((f) => f.where)).toContain('jobs.keepalive.permissions.actions');
  });
});
