/**
 * This repository as an app (issue 13): the root pipelines run apps/rss-reader from its folder, are what
 * a fresh generation makes, pass the validators and audits, and do nothing surprising before `gfa deploy`.
 */
import { mkdtempSync, readFileSync, rmSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { simulateJob } from '../framework/dev/github/actions-sim.ts';
import { auditGitlab, auditWorkflow } from '../framework/pipeline/audit.ts';
import { FRAMEWORK_CI, ROOT_APP, rootPipelines } from '../scripts/root-pipelines.ts';
import { gitlabSchemaErrors, workflowParserErrors } from './pipeline/helpers/validate.ts';

const ROOT = resolve(import.meta.dirname, '..');
const files = rootPipelines();

describe('root pipelines (this repository as an app)', () => {
  it('are what a fresh generation makes (else run: npm run build:root)', () => {
    for (const f of files) expect(readFileSync(join(ROOT, f.path), 'utf8'), f.path).toBe(f.content);
  });

  it('run the app from its folder, validate and pass every audit; GitLab includes the framework tests', () => {
    for (const f of files.filter((x) => x.path.startsWith('.github/'))) {
      expect(workflowParserErrors(f.path, f.content), f.path).toEqual([]);
      expect(auditWorkflow(parse(f.content)), f.path).toEqual([]);
    }
    const fetch = parse(files.find((f) => f.path.endsWith('gfa-fetch-feeds.yml'))!.content);
    expect(fetch.jobs.run.defaults.run['working-directory']).toBe(ROOT_APP);
    const pages = parse(files.find((f) => f.path.endsWith('gfa-pages.yml'))!.content);
    expect(pages.on.push.paths).toEqual([`${ROOT_APP}/dist/pages/**`]);
    const gitlab = files.find((f) => f.path === '.gitlab-ci.yml')!;
    expect(auditGitlab(parseAllDocuments(gitlab.content)[1]!.toJSON())).toEqual([]);
    const [, jobs] = parseAllDocuments(gitlab.content).map((d) => d.toJSON());
    expect(gitlabSchemaErrors(jobs)).toEqual([]);
    expect(jobs.include).toEqual([{ local: FRAMEWORK_CI }]);
    expect(jobs['gfa-fetch-feeds'].script).toEqual([`cd ${ROOT_APP}`, 'node dist/jobs/fetch-feeds.mjs']);
    expect(jobs.pages.pages.publish).toBe(`${ROOT_APP}/dist/pages`);
  });

  it('a fork before gfa deploy: the scheduled job leaves a notice and runs nothing; after, it runs in the app folder', async () => {
    const workdir = mkdtempSync(join(tmpdir(), 'gfa-root-'));
    try {
      mkdirSync(join(workdir, ROOT_APP, 'dist', 'jobs'), { recursive: true });
      // A stand-in for the bundle that records where and with what it ran.
      writeFileSync(join(workdir, ROOT_APP, 'dist', 'jobs', 'fetch-feeds.mjs'), "import { writeFileSync } from 'node:fs';\nwriteFileSync('ran.txt', String(process.env.GFA_SECRET_KEY));\n");
      const workflow = parse(files.find((f) => f.path.endsWith('gfa-fetch-feeds.yml'))!.content);
      const payload = { schedule: '*/15 * * * *', repository: { default_branch: 'main', is_template: false } };
      const before = await simulateJob(workflow, 'run', { eventName: 'schedule', payload, workdir, secrets: {} });
      expect(before.ran).toBe(true);
      expect(before.steps.map((s) => s.name)).toEqual(['Check that gfa deploy has run']);
      expect(before.steps[0]!.stdout).toContain('::notice title=gfa::GFA_SECRET_KEY is not set');
      expect(before.steps[0]!.code).toBe(0);
      const after = await simulateJob(workflow, 'run', { eventName: 'schedule', payload, workdir, secrets: { GFA_SECRET_KEY: 'k3y' } });
      expect(after.steps.map((s) => [s.name, s.code])).toEqual([['Check that gfa deploy has run', 0], ['Run fetch-feeds', 0]]);
      expect(readFileSync(join(workdir, ROOT_APP, 'ran.txt'), 'utf8')).toBe('k3y');
    } finally {
      rmSync(workdir, { recursive: true, force: true });
    }
  });
});
