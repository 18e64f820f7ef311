/**
 * The `runner` setting (issue 24): GitHub `runs-on` labels and GitLab runner `tags`, for the app or one
 * job, in the generated pipelines; labels are plain names, checked by defineApp, by the pipeline model
 * and by the audits (an expression there would let event data pick the machine that gets the secrets).
 */
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { defineApp, defineJob, trigger } from '../../framework/index.ts';
import { auditGitlab, auditWorkflow, generateGithub, generateGitlab, toModel } from '../../framework/pipeline/index.ts';
import { fixtureManifest } from './helpers/fixture.ts';
import { actionlint, gitlabSchemaErrors, workflowParserErrors } from './helpers/validate.ts';

type Obj = Record<string, any>;

function generated(runner?: Obj, bumpRunner?: Obj) {
  const m = fixtureManifest();
  const manifest = { ...m, ...(runner ? { runner } : {}), jobs: { ...m.jobs, ...(bumpRunner ? { bump: { ...m.jobs.bump!, runner: bumpRunner } } : {}) } };
  const model = toModel(manifest as typeof m);
  const gh = Object.fromEntries(generateGithub(model).map((f) => [f.path, f.content]));
  const gl = generateGitlab(model)[0]!.content;
  return { gh, gl, glBody: parseAllDocuments(gl)[1]!.toJS() as Obj };
}

describe('the runner setting', () => {
  it('is GitHub-hosted and instance runners by default', () => {
    const { gh, glBody } = generated();
    expect((parse(gh['.github/workflows/gfa-bump.yml']!) as Obj).jobs.run['runs-on']).toBe('ubuntu-24.04');
    expect(glBody['gfa-bump'].tags).toBeUndefined();
  });

  it('puts the app’s labels on every job and a job’s own labels on that job', async () => {
    const { gh, gl, glBody } = generated({ github: ['self-hosted', 'linux'], gitlab: ['gfa'] }, { github: ['self-hosted', 'x64'], gitlab: ['gfa', 'big'] });
    expect((parse(gh['.github/workflows/gfa-noop.yml']!) as Obj).jobs.run['runs-on']).toEqual(['self-hosted', 'linux']);
    expect((parse(gh['.github/workflows/gfa-bump.yml']!) as Obj).jobs.run['runs-on']).toEqual(['self-hosted', 'x64']);
    expect(glBody['gfa-noop'].tags).toEqual(['gfa']);
    expect(glBody['gfa-bump'].tags).toEqual(['gfa', 'big']);
    for (const [path, content] of Object.entries(gh)) {
      expect(workflowParserErrors(path, content)).toEqual([]);
      expect(auditWorkflow(parse(content))).toEqual([]);
      expect(await actionlint(path, content)).toEqual([]);
    }
    for (const d of parseAllDocuments(gl)) expect(gitlabSchemaErrors(d.toJS())).toEqual([]);
    expect(auditGitlab(glBody)).toEqual([]);
  });

  it('refuses labels that are not plain names, at each step', () => {
    const run = async () => null;
    expect(() => defineApp({ name: 'a', runner: { github: ['${{ github.event.inputs.x }}'] }, jobs: { j: defineJob({ on: [trigger()], run }) } })).toThrow(/runner github label/);
    expect(() => defineApp({ name: 'a', jobs: { j: defineJob({ on: [trigger()], runner: { gitlab: [] }, run }) } })).toThrow(/runner gitlab must list 1 to 10 labels/);
    expect(() => generated({ gitlab: ['$CI_RUNNER'] })).toThrow(/runner gitlab label/);
    expect(auditWorkflow({ on: { workflow_dispatch: {} }, permissions: {}, jobs: { run: { 'runs-on': '${{ inputs.where }}', steps: [] } } }).map((f) => f.audit)).toContain('runner-label');
    expect(auditGitlab({ j: { image: 'x', tags: ['$WHERE'], script: ['node dist/jobs/j.mjs'], rules: [] } }).map((f) => f.audit)).toContain('runner-label');
  });
});
