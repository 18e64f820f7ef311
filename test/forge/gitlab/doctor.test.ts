/**
 * `gfa doctor --forge gitlab` on the GitLab emulator (a test double, not GitLab): clean after deploy,
 * then each failure it must name, set up one at a time and undone after.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { GitlabDev } from '../../../framework/dev/gitlab/server.ts';
import { runsPerDay } from '../../../framework/forge/gitlab/schedules.ts';
import { supportsInputs } from '../../../framework/forge/gitlab/version.ts';
import type { Check } from '../../../framework/forge/types.ts';
import { gfaGitlab, startEmulator } from './helpers.ts';

let gl: GitlabDev;
let undo: (() => unknown) | undefined;

beforeAll(async () => {
  gl = await startEmulator({ pipelines: false, plan: undefined });
  const passFile = join(mkdtempSync(join(tmpdir(), 'gfa-gl-pass-')), 'passphrase');
  writeFileSync(passFile, 'doctor walrus orbit mustard velvet lagoon\n');
  const deployed = await gfaGitlab(gl, 'deploy', ['--passphrase-file', passFile, '--yes']);
  expect(deployed.code, deployed.stderr).toBe(0);
});
afterAll(() => gl?.close());
afterEach(async () => {
  await undo?.();
  undo = undefined;
});

async function doctor(): Promise<{ code: number; checks: Check[]; text: string }> {
  const json = await gfaGitlab(gl, 'doctor', ['--json']);
  const text = await gfaGitlab(gl, 'doctor', []);
  expect(text.code).toBe(json.code);
  return { code: json.code, checks: JSON.parse(json.stdout) as Check[], text: text.stdout };
}

const notOk = (checks: Check[]) => checks.filter((c) => c.status !== 'ok').map((c) => c.id);

describe('gfa doctor --forge gitlab', () => {
  it('is clean after deploy (self-managed: no plan, so no daily schedule limit)', async () => {
    const r = await doctor();
    expect(notOk(r.checks).filter((id) => id !== 'data-branch')).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.checks.map((c) => c.id)).toEqual(['project', 'version', 'variables-locked', 'job-token-push', 'secret', 'pages-origin', 'trigger-token', 'keys-file', 'ci-file', 'schedule:fetch-feeds', 'minutes', 'token-expiry', 'trigger-token-expiry', 'first-run', 'storage', 'storage-growth', 'pages-size', 'data-branch']);
    expect(r.text).not.toContain(gl.state.project.triggers[0]!.token);
  });

  it('names pipeline variables that are not locked', async () => {
    const s = gl.state.project.settings;
    s.ci_pipeline_variables_minimum_override_role = 'developer';
    undo = () => (s.ci_pipeline_variables_minimum_override_role = 'no_one_allowed');
    const r = await doctor();
    expect(r.code).toBe(1);
    expect(notOk(r.checks)).toContain('variables-locked');
    expect(r.text).toMatch(/ERROR variables-locked: .*NODE_OPTIONS.*gfa deploy/);
  });

  it('names job-token push that is off', async () => {
    const s = gl.state.project.settings;
    s.ci_push_repository_for_job_token_allowed = false;
    undo = () => (s.ci_push_repository_for_job_token_allowed = true);
    const r = await doctor();
    expect(r.code).toBe(1);
    expect(r.text).toMatch(/ERROR job-token-push: .*CI_JOB_TOKEN/);
  });

  it('warns when GFA_SECRET_KEY is not protected (issue 19)', async () => {
    const v = gl.state.project.variables.find((x) => x.key === 'GFA_SECRET_KEY')!;
    v.protected = false;
    undo = () => (v.protected = true);
    const r = await doctor();
    expect(r.checks.find((c) => c.id === 'secret')).toMatchObject({ status: 'warn' });
    expect(r.text).toMatch(/warn +secret: GFA_SECRET_KEY is not protected, so a pipeline on any branch/i);
  });

  it('warns when the Pages site shares the namespace domain (no unique domain), ok with one (issue 19)', async () => {
    expect((await doctor()).checks.find((c) => c.id === 'pages-origin')).toMatchObject({ status: 'ok', message: expect.stringMatching(/origin of its own \(unique domain/) });
    const pages = gl.state.project.pages;
    pages.uniqueDomain = false;
    undo = () => (pages.uniqueDomain = true);
    const r = await doctor();
    expect(r.checks.find((c) => c.id === 'pages-origin')).toMatchObject({ status: 'warn' });
    expect(r.text).toMatch(/warn +pages-origin: the Pages site \S+ shares its origin with the owner's other Pages sites[^\n]*Use unique domain/i);
  });

  it('names a missing schedule', async () => {
    const list = gl.state.project.schedules;
    const saved = list.splice(0);
    undo = () => list.push(...saved);
    const r = await doctor();
    expect(r.code).toBe(1);
    expect(r.text).toMatch(/ERROR schedule:fetch-feeds: no pipeline schedule for fetch-feeds/);
  });

  it('names an inactive schedule, and one whose owner is blocked', async () => {
    const s = gl.state.project.schedules[0]!;
    s.active = false;
    undo = () => (s.active = true);
    expect((await doctor()).text).toMatch(/ERROR schedule:fetch-feeds: .*inactive/);
    await undo!();
    const blocked = { id: 9, username: 'former', name: 'Former', state: 'blocked' as const };
    gl.state.users.push(blocked);
    s.ownerId = 9;
    undo = () => {
      s.ownerId = 1;
      gl.state.users.pop();
    };
    const r = await doctor();
    expect(r.code).toBe(1);
    expect(r.text).toMatch(/ERROR schedule:fetch-feeds: .*owner former is blocked/);
  });

  it('names a */15 schedule on the Free tier (96 runs a day against 24)', async () => {
    const ns = gl.state.project.namespace;
    ns.plan = 'free';
    undo = () => (ns.plan = undefined);
    const r = await doctor();
    const c = r.checks.find((x) => x.id === 'schedule-limit:fetch-feeds');
    expect(c?.status).toBe('warn');
    expect(c?.message).toMatch(/96 runs a day.*free tier runs at most 24.*60 minutes apart/);
  });

  it('names a keys file that is not one, and a .gitlab-ci.yml that differs from the app folder\'s', async () => {
    const { bareRepo } = await import('../../../framework/dev/gitlab/repo.ts');
    const repo = bareRepo(gl.repoDir);
    const before = await repo.resolve('main');
    undo = async () => void (await promisify(execFile)('git', ['--git-dir', gl.repoDir, 'update-ref', 'refs/heads/main', before!]));
    const who = { name: 't', email: 't@l' };
    await repo.commitFile('main', '.gfa/keys.json', Buffer.from('{"version":1}'), 'break', who);
    const ci = (await repo.read('main', '.gitlab-ci.yml'))!.bytes.toString('utf8');
    await repo.commitFile('main', '.gitlab-ci.yml', Buffer.from(`${ci}# edited by hand\n`), 'edit', who);
    const r = await doctor();
    expect(r.text).toMatch(/ERROR keys-file: \.gfa\/keys\.json on main is not a valid keys file/);
    expect(r.checks.find((c) => c.id === 'ci-file')).toMatchObject({ status: 'warn', message: expect.stringMatching(/differs from the app folder/) });
  });

  it('names an instance too old for inputs', async () => {
    gl.state.version = '17.9.2-ee';
    undo = () => (gl.state.version = '18.6.0');
    const r = await doctor();
    expect(r.code).toBe(1);
    expect(r.text).toMatch(/ERROR version: GitLab 17\.9\.2-ee is older than 18\.5: pipeline inputs on triggers and schedules are missing/);
  });

  it('names 18.4 (triggers fail under no_one_allowed, gitlab-org/gitlab#557381) and 18.3 (no job-token push without a flag); 18.5 is fine (issue 22)', async () => {
    undo = () => (gl.state.version = '18.6.0');
    gl.state.version = '18.4.2';
    let r = await doctor();
    expect(r.code).toBe(1);
    expect(r.text).toMatch(/ERROR version: GitLab 18\.4\.2 is older than 18\.5: trigger-token calls fail with "Insufficient permissions to set pipeline variables" while pipeline variables are locked to no_one_allowed.*#557381/);
    expect(r.text).not.toMatch(/CI_JOB_TOKEN unless/);
    gl.state.version = '18.3.0-ee';
    r = await doctor();
    expect(r.text).toMatch(/ERROR version: GitLab 18\.3\.0-ee is older than 18\.5: jobs cannot push the data branch with CI_JOB_TOKEN unless an administrator enables the feature flag allow_push_repository_for_job_token.*; trigger-token calls fail/);
    gl.state.version = '18.5.0';
    r = await doctor();
    expect(r.text).toMatch(/ok\s+version: GitLab 18\.5\.0: trigger and schedule inputs, job-token pushes and triggers under locked pipeline variables all work/);
  });

  it('counts cron runs per day and compares versions', () => {
    expect(runsPerDay('*/15 * * * *')).toBe(96);
    expect(runsPerDay('0 * * * *')).toBe(24);
    expect(runsPerDay('0,30 8-17 * * 1-5')).toBe(20);
    expect(runsPerDay('5 */6 * * *')).toBe(4);
    expect(supportsInputs('18.1.0')).toBe(true);
    expect(supportsInputs('18.0.9')).toBe(false);
    expect(supportsInputs('19.0.0-pre')).toBe(true);
  });
});
