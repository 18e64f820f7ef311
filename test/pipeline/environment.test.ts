/**
 * `defineApp({ githubEnvironment })` (issue 19): an encrypted app's job workflows name the environment
 * that holds GFA_SECRET_KEY as `{ name, deployment: false }`; the keep-alive and Pages workflows do not;
 * without the setting the output is unchanged; the name is checked by defineApp, by the model and by the
 * audit, which refuses every looser shape.
 */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { defineApp, defineJob, trigger } from '../../framework/index.ts';
import { auditWorkflow, generateGithub, generateGitlab, toModel } from '../../framework/pipeline/index.ts';
import { fixtureManifest } from './helpers/fixture.ts';
import { actionlint, workflowParserErrors } from './helpers/validate.ts';

type Obj = Record<string, any>;

function generated(options: { environment?: string; encrypt?: boolean } = {}) {
  const m = fixtureManifest();
  const manifest = { ...m, store: { ...m.store, encrypt: options.encrypt ?? true }, ...(options.environment !== undefined ? { githubEnvironment: options.environment } : {}) };
  const model = toModel(manifest);
  return { gh: Object.fromEntries(generateGithub(model).map((f) => [f.path, f.content])), gl: generateGitlab(model)[0]!.content };
}

describe('the githubEnvironment setting', () => {
  it('puts { name, deployment: false } on every job workflow of an encrypted app, and nowhere else', async () => {
    const { gh } = generated({ environment: 'gfa' });
    const jobFiles = Object.keys(gh).filter((p) => !/gfa-(pages|keepalive)\.yml$/.test(p));
    expect(jobFiles.length).toBeGreaterThan(2);
    for (const path of jobFiles) expect((parse(gh[path]!) as Obj).jobs.run.environment, path).toEqual({ name: 'gfa', deployment: false });
    const pages = parse(gh['.github/workflows/gfa-pages.yml']!) as Obj;
    expect(pages.jobs.upload.environment).toBeUndefined();
    expect(pages.jobs.deploy.environment.name).toBe('github-pages');
    expect((parse(gh['.github/workflows/gfa-keepalive.yml']!) as Obj).jobs).not.toHaveProperty('keepalive.environment');
    expect(gh['.github/workflows/gfa-keepalive.yml']).not.toContain('environment');
    for (const [path, content] of Object.entries(gh)) {
      expect(workflowParserErrors(path, content), path).toEqual([]);
      expect(auditWorkflow(parse(content)), path).toEqual([]);
      // actionlint 1.7.7's schema predates `deployment` ("expected one of name, url"); GitHub's own parser
      // above (@actions/workflow-parser 0.3.61, "job-environment-mapping") accepts it. So exactly that one
      // finding on each job workflow, and nothing else anywhere.
      const lint = await actionlint(path, content);
      const gap = lint.filter((l) => /syntax-check unexpected key "deployment" for "environment" section/.test(l));
      expect(gap.length, path).toBe(jobFiles.includes(path) ? 1 : 0);
      expect(lint.filter((l) => !gap.includes(l)), path).toEqual([]);
    }
  });

  it('changes nothing without the setting, nothing on GitLab, and nothing for an unencrypted app', () => {
    const plain = generated();
    const withEnv = generated({ environment: 'gfa' });
    expect(Object.values(plain.gh).join('\n')).not.toMatch(/deployment: false/);
    expect(withEnv.gl).toBe(plain.gl);
    expect(generated({ environment: 'gfa', encrypt: false }).gh).toEqual(generated({ encrypt: false }).gh);
  });

  it('refuses a name that is not plain, at each step', () => {
    const run = async () => null;
    const jobs = { j: defineJob({ on: [trigger()], run }) };
    expect(() => defineApp({ name: 'a', githubEnvironment: '${{ inputs.env }}', jobs })).toThrow(/githubEnvironment must be 1 to 64 letters/);
    expect(() => defineApp({ name: 'a', githubEnvironment: 'GitHub-Pages', jobs })).toThrow(/github-pages/);
    expect(defineApp({ name: 'a', githubEnvironment: 'gfa-data', jobs }).githubEnvironment).toBe('gfa-data');
    expect(() => generated({ environment: 'a b' })).toThrow(/githubEnvironment must be/);
  });

  it('the audit accepts exactly { name, deployment: false } and the Pages deploy, nothing looser', () => {
    const { gh } = generated({ environment: 'gfa' });
    const wf = parse(gh['.github/workflows/gfa-bump.yml']!) as Obj;
    const withEnv = (environment: unknown): string[] => auditWorkflow({ ...wf, jobs: { run: { ...wf.jobs.run, environment } } }).map((f) => f.audit);
    expect(withEnv({ name: 'gfa', deployment: false })).toEqual([]);
    for (const loose of ['gfa', { name: 'gfa' }, { name: 'gfa', deployment: true }, { name: 'gfa', deployment: 'false' }, { name: '${{ inputs.env }}', deployment: false }, '${{ inputs.env }}', { name: 'gfa', deployment: false, url: 'https://x' }, { name: 'github-pages', url: '${{ steps.deployment.outputs.page_url }}' }]) {
      expect(withEnv(loose), JSON.stringify(loose)).toContain('environment');
    }
  });
});
