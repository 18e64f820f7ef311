/**
 * The GitLab emulator's git over HTTP and pipelines (a test double, not GitLab): a job's CI_JOB_TOKEN
 * may push only when the project allows job-token pushes (else 403 "You are not allowed to upload
 * code"), the owner's token pushes as `oauth2`, and pipelines run the generated `.gitlab-ci.yml`
 * through gitlab-ci-local with CI_PIPELINE_SOURCE trigger / schedule / push.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GitlabDev } from '../../../framework/dev/gitlab/server.ts';
import { startEmulator } from '../../forge/gitlab/helpers.ts';

const exec = promisify(execFile);
let gl: GitlabDev;
beforeAll(async () => {
  gl = await startEmulator();
  // GFA_SECRET_KEY as deploy would set it (the rss-reader encrypts its store).
  gl.state.project.variables.push({ key: 'GFA_SECRET_KEY', value: Buffer.alloc(32, 7).toString('base64'), variable_type: 'env_var', protected: false, masked: true, hidden: true, raw: true, environment_scope: '*', description: null });
}, 60_000);
afterAll(() => gl?.close());

function remote(user: string, pass: string): string {
  const u = new URL(`${gl.url}/${gl.project}.git`);
  [u.username, u.password] = [user, pass];
  return u.toString();
}

async function pushFrom(url: string): Promise<{ code: number; stderr: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'gfa-gl-push-'));
  const env = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@l', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@l', GIT_TERMINAL_PROMPT: '0' };
  await exec('git', ['init', '-q', '-b', 'scratch', dir]);
  await exec('git', ['-C', dir, 'commit', '-q', '--allow-empty', '-m', 'x'], { env });
  try {
    await exec('git', ['-C', dir, 'push', '-q', url, 'scratch:refs/heads/scratch', '--force'], { env });
    return { code: 0, stderr: '' };
  } catch (err) {
    return { code: 1, stderr: String((err as { stderr?: unknown }).stderr) };
  }
}

const trigger = (inputs: Record<string, string>) =>
  fetch(`${gl.apiUrl}/projects/${encodeURIComponent(gl.project)}/trigger/pipeline`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: gl.state.project.triggers[0]!.token, ref: 'main', inputs }),
  });

describe('GitLab emulator: git and pipelines', () => {
  it('gives a protected variable only to pipelines on the protected default branch, an unprotected one to any', async () => {
    // A branch a Developer could push, with a pipeline of its own that prints what it received.
    const dir = mkdtempSync(join(tmpdir(), 'gfa-gl-probe-'));
    const env = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@l', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@l', GIT_TERMINAL_PROMPT: '0' };
    await exec('git', ['init', '-q', '-b', 'probe', dir]);
    writeFileSync(join(dir, '.gitlab-ci.yml'), 'probe:\n  script:\n    - \'echo "open=${PROBE_OPEN:-unset} protected=${PROBE_PROTECTED:-unset}"\'\n');
    await exec('git', ['-C', dir, 'add', '-A'], { env });
    await exec('git', ['-C', dir, 'commit', '-q', '-m', 'probe'], { env });
    await exec('git', ['-C', dir, 'push', '-q', remote('oauth2', gl.token), 'probe:refs/heads/probe'], { env });
    const base = { variable_type: 'env_var', masked: false, hidden: false, raw: true, environment_scope: '*', description: null } as const;
    gl.state.project.variables.push({ ...base, key: 'PROBE_OPEN', value: 'open-value', protected: false }, { ...base, key: 'PROBE_PROTECTED', value: 'protected-value', protected: true });
    const made = await fetch(`${gl.apiUrl}/projects/42/triggers`, { method: 'POST', headers: { 'private-token': gl.token, 'content-type': 'application/json' }, body: JSON.stringify({ description: 'probe' }) });
    const { token } = (await made.json()) as { token: string };
    try {
      const res = await fetch(`${gl.apiUrl}/projects/${encodeURIComponent(gl.project)}/trigger/pipeline`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token, ref: 'probe' }),
      });
      expect(res.status).toBe(201);
      await gl.idle();
      const p = gl.state.project.pipelines.at(-1)!;
      expect(p).toMatchObject({ ref: 'probe', status: 'success' });
      expect(p.log).toContain('open=open-value protected=unset');
      expect(p.log).not.toContain('protected-value');
    } finally {
      gl.state.project.variables = gl.state.project.variables.filter((v) => !v.key.startsWith('PROBE_'));
    }
  }, 120_000);

  it('lets anyone clone a public project, and only the owner push with a token', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gfa-gl-clone-'));
    await exec('git', ['clone', '-q', `${gl.url}/${gl.project}.git`, join(dir, 'c')]);
    expect((await pushFrom(`${gl.url}/${gl.project}.git`)).code).toBe(1);
    expect((await pushFrom(remote('oauth2', 'glpat-wrong'))).code).toBe(1);
    expect((await pushFrom(remote('oauth2', gl.token))).code).toBe(0);
  });

  it('refuses a push with CI_JOB_TOKEN unless job-token push is allowed', async () => {
    gl.state.jobTokens.add('glcbt-test-token');
    try {
      gl.state.project.settings.ci_push_repository_for_job_token_allowed = false;
      const refused = await pushFrom(remote('gitlab-ci-token', 'glcbt-test-token'));
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/403|not allowed to upload code/);
      gl.state.project.settings.ci_push_repository_for_job_token_allowed = true;
      expect((await pushFrom(remote('gitlab-ci-token', 'glcbt-test-token'))).code).toBe(0);
      expect((await pushFrom(remote('gitlab-ci-token', 'glcbt-not-running'))).code).toBe(1);
    } finally {
      gl.state.jobTokens.delete('glcbt-test-token');
    }
  });

  it('runs a triggered pipeline whose job pushes the data branch; without job-token push the job fails', async () => {
    const owner = { 'private-token': gl.token, 'content-type': 'application/json' };
    await fetch(`${gl.apiUrl}/projects/42/triggers`, { method: 'POST', headers: owner, body: JSON.stringify({ description: 't' }) });
    gl.state.project.settings.ci_push_repository_for_job_token_allowed = false;
    expect((await trigger({ job: 'fetch-feeds', request_id: 'gl-denied', input: '' })).status).toBe(201);
    await gl.idle();
    expect(gl.state.project.pipelines.at(-1)).toMatchObject({ source: 'trigger', status: 'failed', jobs: ['gfa-fetch-feeds'] });
    expect(gl.state.project.pipelines.at(-1)!.log).toMatch(/not allowed to upload code|403/);
    gl.state.project.settings.ci_push_repository_for_job_token_allowed = true;
    expect((await trigger({ job: 'fetch-feeds', request_id: 'gl-ok', input: '' })).status).toBe(201);
    await gl.idle();
    expect(gl.state.project.pipelines.at(-1)).toMatchObject({ source: 'trigger', status: 'success', jobs: ['gfa-fetch-feeds'] });
    const { stdout } = await exec('git', ['--git-dir', gl.repoDir, 'ls-tree', '-r', '--name-only', 'data']);
    expect(stdout).toContain('results/gl-ok');
    expect(stdout).not.toContain('results/gl-denied');
  });

  it('keeps a text input that looks like a number as text, in a trigger and a schedule; a JSON number for a string input is refused (issue 22)', async () => {
    // gitlab-ci-local JSON-parses --input values: request_id "12345" reached it as a number and the
    // pipeline failed before any job ran ("provided value is not a string").
    expect((await trigger({ job: 'fetch-feeds', request_id: '12345', input: '' })).status).toBe(201);
    await gl.idle();
    expect(gl.state.project.pipelines.at(-1)).toMatchObject({ source: 'trigger', status: 'success', jobs: ['gfa-fetch-feeds'] });
    const owner = { 'private-token': gl.token, 'content-type': 'application/json' };
    const base = `${gl.apiUrl}/projects/42/pipeline_schedules`;
    const created = (await (await fetch(base, {
      method: 'POST', headers: owner, body: JSON.stringify({ description: 'gfa:n', ref: 'main', cron: '0 * * * *', inputs: [{ name: 'job', value: 'fetch-feeds' }, { name: 'request_id', value: '2026' }] }),
    })).json()) as { id: number };
    expect((await fetch(`${base}/${created.id}/play`, { method: 'POST', headers: owner })).status).toBe(201);
    await gl.idle();
    expect(gl.state.project.pipelines.at(-1)).toMatchObject({ source: 'schedule', status: 'success', jobs: ['gfa-fetch-feeds'] });
    await fetch(`${base}/${created.id}`, { method: 'DELETE', headers: owner });
    const typed = await trigger({ job: 'fetch-feeds', request_id: 12345 as unknown as string });
    expect(typed.status).toBe(400);
    expect(await typed.json()).toEqual({ message: { base: ['`request_id` input: provided value is not a string'] } });
  });

  it('plays a schedule as a schedule pipeline running only its job, and a push runs only Pages', async () => {
    const owner = { 'private-token': gl.token, 'content-type': 'application/json' };
    const base = `${gl.apiUrl}/projects/42/pipeline_schedules`;
    const created = (await (await fetch(base, {
      method: 'POST', headers: owner, body: JSON.stringify({ description: 'gfa:fetch-feeds', ref: 'main', cron: '0 * * * *', inputs: [{ name: 'job', value: 'fetch-feeds' }] }),
    })).json()) as { id: number };
    const played = await fetch(`${base}/${created.id}/play`, { method: 'POST', headers: owner });
    expect(played.status).toBe(201);
    await gl.idle();
    expect(gl.state.project.pipelines.at(-1)).toMatchObject({ source: 'schedule', status: 'success', jobs: ['gfa-fetch-feeds'] });
    await fetch(`${gl.apiUrl}/projects/42/repository/files/README.md`, { method: 'PUT', headers: owner, body: JSON.stringify({ branch: 'main', content: '# changed\n', commit_message: 'edit' }) });
    await gl.idle();
    expect(gl.state.project.pipelines.at(-1)).toMatchObject({ source: 'push', status: 'success', jobs: ['pages'] });
  });

  it('serves on its own origin what the generated Pages job published: the page names its instance, project and data branch', async () => {
    const html = await (await fetch(gl.pagesUrl)).text();
    expect(new URL(gl.pagesUrl).origin).not.toBe(gl.url);
    const meta = /<meta name="gfa-forge" content='([^']*)'>/.exec(html);
    expect(JSON.parse(meta![1]!)).toEqual({ forge: 'gitlab', url: gl.url, project: gl.project, branch: 'data' });
    // The instance joins the forge APIs that gfa build's policy already allows.
    expect(html).toContain(`connect-src 'self' ${gl.url} `);
    expect((await fetch(`${gl.pagesUrl}main.js`)).status).toBe(200);
  });
});
