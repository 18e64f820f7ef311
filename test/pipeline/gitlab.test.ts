import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { auditGitlab, generateGitlab, toModel } from '../../framework/pipeline/index.ts';
import { APP_DIR, fixtureManifest } from './helpers/fixture.ts';
import { gitlabSchemaErrors } from './helpers/validate.ts';
import { makeCheckout, type AppCheckout } from './helpers/app.ts';
import { GCL, run } from './helpers/exec.ts';
import { testGenerator } from './suite.ts';

type Obj = Record<string, any>;

testGenerator('gitlab', generateGitlab, (docs) =>
  docs.flatMap((d) => Object.values((d ?? {}) as Obj).flatMap((j) => (j && Array.isArray(j.script) ? j.script : []))),
);

const [file] = generateGitlab(toModel(fixtureManifest()));
const docs = parseAllDocuments(file!.content).map((d) => d.toJS() as Obj);

describe('.gitlab-ci.yml', () => {
  it('matches the snapshot', async () => {
    expect(file!.path).toBe('.gitlab-ci.yml');
    await expect(file!.content).toMatchFileSnapshot('__snapshots__/counter/gitlab-ci.yml');
  });

  it('is a spec:inputs header document and a pipeline document, each valid against GitLab’s schema', () => {
    expect(docs).toHaveLength(2);
    expect(Object.keys(docs[0]!)).toEqual(['spec']);
    expect(docs[0]!.spec.inputs.job.options).toEqual(['', 'bump', 'fail', 'issue-bot', 'noop', 'secret']);
    for (const d of docs) expect(gitlabSchemaErrors(d)).toEqual([]);
    // The schema check can fail.
    expect(gitlabSchemaErrors({ ...docs[1], 'gfa-noop': { ...docs[1]!['gfa-noop'], script: 42 } }).length).toBeGreaterThan(0);
  });

  it('uses $[[ inputs ]] only as job variable values and passes the audit', () => {
    const body = docs[1]!;
    const places: string[] = [];
    const walk = (v: unknown, path: string): void => {
      if (typeof v === 'string' && v.includes('$[[')) places.push(path);
      else if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}[${i}]`));
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, `${path}.${k}`);
    };
    walk(body, '');
    expect(places.length).toBeGreaterThan(0);
    // Besides job variables, only the pipeline's name (read by a live session, issue 24), and only from
    // an input that can hold no `$`: `workflow:name` expands CI/CD variables.
    for (const p of places.filter((x) => x !== '.workflow.name')) expect(p).toMatch(/^\.[\w-]+\.variables\.GFA_\w+\.value$/);
    expect(body.workflow.name).toBe('gfa $[[ inputs.title ]]');
    expect(docs[0]!.spec.inputs.title.regex).toBe('^[A-Za-z0-9_-]{0,251}$');
    expect(auditGitlab(body)).toEqual([]);
  });

  it('never runs a job on push, and never on the data branch', () => {
    const body = docs[1]!;
    expect(body.workflow.rules[0]).toEqual({ if: '$CI_COMMIT_REF_NAME == "data"', when: 'never' });
    for (const [name, job] of Object.entries(body)) {
      if (!name.startsWith('gfa-')) continue;
      for (const rule of (job as Obj).rules) expect(rule.if).not.toMatch(/push/);
      expect((job as Obj).image).toMatch(/^node@sha256:[0-9a-f]{64}$/);
      expect((job as Obj).variables.GIT_DEPTH).toBe('1');
    }
    expect(body.pages.pages).toEqual({ publish: 'dist/pages' });
  });
});

describe('.gitlab-ci.yml with gitlab-ci-local', () => {
  let app: AppCheckout;
  beforeAll(async () => { app = await makeCheckout(APP_DIR, [file!]); });
  afterAll(() => app?.cleanup());

  it('passes gitlab-ci-local’s own checks and expands inputs only into variables', async () => {
    const r = await run(GCL, ['--preview', '--input', 'job=bump', '--input', 'request_id=r1'], { cwd: app.dir });
    expect(r.code, r.stderr + r.stdout).toBe(0);
    const expanded = parseAllDocuments(r.stdout).map((d) => d.toJS() as Obj).find((d) => d && d['gfa-bump']);
    const job = expanded!['gfa-bump'].variables.GFA_JOB;
    expect(typeof job === 'string' ? job : job.value).toBe('bump');
    expect(expanded!['gfa-bump'].script).toEqual(['node dist/jobs/bump.mjs']);
    // gitlab-ci-local refuses an input its spec does not allow (the check can fail).
    const bad = await run(GCL, ['--preview', '--input', 'job=nope'], { cwd: app.dir });
    expect(bad.code).not.toBe(0);
  });
});
