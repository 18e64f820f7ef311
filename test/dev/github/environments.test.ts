/**
 * Environments in the GitHub double's runner (a test double of GitHub, not GitHub), issue 19: a job that
 * references an environment gets that environment's secrets over the repository's only when its ref
 * passes the deployment-branch policy, and otherwise fails before any step; a job that references none
 * gets the repository's secrets only. Creating an environment in a private repository answers 404 on
 * GitHub Free and 200 on Pro. Every exchange is held to GitHub's OpenAPI description.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGithubEmulator, type GithubEmulator } from '../../../framework/dev/github/server.ts';
import { openApiRecorder } from '../../forge/helpers/openapi.ts';

const exec = promisify(execFile);
const recorder = openApiRecorder();
let emu: GithubEmulator;
let token: string;
let work: string;

// Lengths tell the values apart without printing them (the runner masks secret values in logs).
const REPO_VALUE = 'repo-value';
const ENV_VALUE = 'environment-value-x';
const WORKFLOW = `name: env
on:
  workflow_dispatch: {}
permissions: {}
jobs:
  withenv:
    runs-on: ubuntu-24.04
    environment:
      name: gfa
      deployment: false
    steps:
      - name: key
        run: echo "key-length=\${#K}"
        env:
          K: \${{ secrets.GFA_SECRET_KEY }}
  plain:
    runs-on: ubuntu-24.04
    steps:
      - name: key
        run: echo "key-length=\${#K}"
        env:
          K: \${{ secrets.GFA_SECRET_KEY }}
`;

const api = (method: string, path: string, body?: unknown, auth = token): Promise<Response> =>
  fetch(`${emu.apiUrl}${path}`, { method, headers: { authorization: `Bearer ${auth}`, 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });

async function dispatch(ref: string): Promise<{ job: (name: string) => { conclusion: unknown; log: string } }> {
  const res = await api('POST', '/repos/owner/app/actions/workflows/env.yml/dispatches', { ref });
  expect(res.status).toBe(204);
  await emu.idle();
  const run = emu.state.repos.get('owner/app')!.runs.at(-1)!;
  return {
    job: (name) => {
      const j = run.jobs!.find((x) => x.name === name)!;
      return { conclusion: j.conclusion, log: j.steps.map((s) => s.log).join('\n') };
    },
  };
}

beforeAll(async () => {
  emu = await startGithubEmulator({ onExchange: recorder.onExchange });
  await emu.addRepo('owner/app');
  token = emu.addToken(['owner/app'], { actions: 'write', administration: 'write', contents: 'write', secrets: 'write' });
  work = mkdtempSync(join(tmpdir(), 'gfa-env-'));
  mkdirSync(join(work, '.github', 'workflows'), { recursive: true });
  writeFileSync(join(work, '.github', 'workflows', 'env.yml'), WORKFLOW);
  const git = (...args: string[]) => exec('git', ['-C', work, ...args], { env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' } });
  await git('init', '--quiet', '--initial-branch', 'main');
  await git('add', '-A');
  await git('commit', '--quiet', '-m', 'env');
  const auth = `http.extraHeader=Authorization: Basic ${Buffer.from(`x-access-token:${token}`).toString('base64')}`;
  for (const ref of ['main', 'feature']) await git('-c', auth, 'push', '--quiet', `${emu.url}/owner/app.git`, `HEAD:refs/heads/${ref}`);
  // The environment and its policy through the REST routes; the secret values straight into the state.
  expect((await api('PUT', '/repos/owner/app/environments/gfa', { deployment_branch_policy: { protected_branches: false, custom_branch_policies: true } })).status).toBe(200);
  expect((await api('POST', '/repos/owner/app/environments/gfa/deployment-branch-policies', { name: 'main', type: 'branch' })).status).toBe(200);
  const now = new Date().toISOString();
  const repo = emu.state.repos.get('owner/app')!;
  repo.secrets.set('GFA_SECRET_KEY', { value: REPO_VALUE, createdAt: now, updatedAt: now });
  repo.environments!.get('gfa')!.secrets.set('GFA_SECRET_KEY', { value: ENV_VALUE, createdAt: now, updatedAt: now });
}, 60_000);
afterAll(async () => {
  await emu?.close();
  rmSync(work, { recursive: true, force: true });
});

describe('environments in the GitHub double', () => {
  it('on the allowed branch, the environment secret wins over the repository one; a job without an environment gets the repository one', async () => {
    const run = await dispatch('main');
    expect(run.job('withenv')).toMatchObject({ conclusion: 'success', log: expect.stringContaining(`key-length=${ENV_VALUE.length}`) });
    expect(run.job('plain')).toMatchObject({ conclusion: 'success', log: expect.stringContaining(`key-length=${REPO_VALUE.length}`) });
  });

  it('on a branch outside the policy, the job that references the environment fails before any step and gets no secret', async () => {
    const run = await dispatch('feature');
    const withenv = run.job('withenv');
    expect(withenv.conclusion).toBe('failure');
    expect(withenv.log).toMatch(/Branch "feature" is not allowed to deploy to gfa due to environment protection rules/);
    expect(withenv.log).not.toMatch(/key-length/);
    expect(run.job('plain').log).toContain(`key-length=${REPO_VALUE.length}`);
  });

  it('creating an environment in a private repository: 404 on GitHub Free, 200 on Pro', async () => {
    await emu.addRepo('owner/priv', { visibility: 'private' });
    const priv = emu.addToken(['owner/priv'], { administration: 'write' });
    expect((await api('PUT', '/repos/owner/priv/environments/gfa', {}, priv)).status).toBe(404);
    emu.state.userPlans = { owner: 'pro' };
    try {
      expect((await api('PUT', '/repos/owner/priv/environments/gfa', {}, priv)).status).toBe(200);
    } finally {
      emu.state.userPlans = undefined;
    }
  });

  it('refuses a branch policy with both flags alike (422), and answers a known pattern with 303', async () => {
    expect((await api('PUT', '/repos/owner/app/environments/other', { deployment_branch_policy: { protected_branches: true, custom_branch_policies: true } })).status).toBe(422);
    const again = await fetch(`${emu.apiUrl}/repos/owner/app/environments/gfa/deployment-branch-policies`, { method: 'POST', redirect: 'manual', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'main', type: 'branch' }) });
    expect(again.status).toBe(303);
  });

  it('every exchange matched GitHub\'s OpenAPI description', () => {
    expect(recorder.problems).toEqual([]);
  });
});
