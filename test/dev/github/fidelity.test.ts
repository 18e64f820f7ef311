/**
 * The GitHub double answers as GitHub documents, where answers used to pass the schema but differ
 * (issue 22), driven by Octokit with GitHub's recommended throttling and retry plugins and by plain
 * fetch; every REST exchange is held to GitHub's OpenAPI description. Each expectation names its doc
 * in the double's source (framework/dev/github/*.ts) and in framework/forge/FACTS.md.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGithubFixture, type GithubFixture } from '../../forge/helpers/github.ts';

const exec = promisify(execFile);
let fx: GithubFixture;
let octokit: Octokit;
let runId = 0;
const t = { owner: 'owner', repo: 'app' };
const SECONDS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

beforeAll(async () => {
  fx = await startGithubFixture();
  const Client = Octokit.plugin(retry, throttling);
  octokit = new Client({
    auth: fx.ownerToken, baseUrl: fx.emu.apiUrl, log: { debug() {}, info() {}, warn() {}, error() {} },
    throttle: { onRateLimit: () => false, onSecondaryRateLimit: () => false },
  });
  // A workflow with a run-name, to see display_title come from it.
  writeFileSync(join(fx.dir, '.github/workflows/titled.yml'), 'name: Titled\nrun-name: Deploy ${{ inputs.who }}\non:\n  workflow_dispatch:\n    inputs:\n      who:\n        type: string\njobs:\n  hello:\n    name: Say hello\n    runs-on: ubuntu-latest\n    steps:\n      - name: Greet\n        run: echo "hello $WHO, secret $SHOWN"\n        env:\n          WHO: ${{ inputs.who }}\n          SHOWN: ${{ secrets.SHOWN }}\n');
  await fx.push('a titled workflow');
  const now = '2026-01-01T00:00:00Z';
  fx.emu.state.repos.get('owner/app')!.secrets.set('SHOWN', { value: 'never-in-a-log', createdAt: now, updatedAt: now });
  await octokit.actions.createWorkflowDispatch({ ...t, workflow_id: 'titled.yml', ref: 'main', inputs: { who: 'alice' } });
  await fx.emu.idle();
  runId = fx.emu.state.repos.get('owner/app')!.runs.at(-1)!.id;
}, 90_000);
afterAll(async () => fx?.stop());

describe('workflows and runs', () => {
  it("names a workflow by its YAML name:, a run by its workflow and run-name:, with the head commit's tree", async () => {
    const { data: wf } = await octokit.actions.getWorkflow({ ...t, workflow_id: 'gfa-bump.yml' });
    expect(wf.name).toBe('gfa bump');
    const { data: run } = await octokit.actions.getWorkflowRun({ ...t, run_id: runId });
    expect(run).toMatchObject({ name: 'Titled', display_title: 'Deploy alice', path: '.github/workflows/titled.yml' });
    const { stdout } = await exec('git', ['-C', fx.dir, 'rev-parse', 'HEAD^{tree}']);
    expect(run.head_commit).toMatchObject({ id: run.head_sha, tree_id: stdout.trim(), message: 'a titled workflow', author: { email: 't@example.com' } });
    expect(run.head_commit!.tree_id).not.toBe(run.head_sha);
  });

  it('writes times to the second, as GitHub does', async () => {
    const { data: run } = await octokit.actions.getWorkflowRun({ ...t, run_id: runId });
    for (const v of [run.created_at, run.updated_at, run.run_started_at, run.head_commit!.timestamp]) expect(v).toMatch(SECONDS);
    const { data: repo } = await octokit.repos.get(t);
    expect(repo.pushed_at).toMatch(SECONDS);
  });

  it('lists runs of the repository and filters them by created=', async () => {
    const { data: all } = await octokit.actions.listWorkflowRunsForRepo(t);
    expect(all.workflow_runs.map((r) => r.id)).toContain(runId);
    const created = Date.parse(all.workflow_runs.find((r) => r.id === runId)!.created_at);
    const day = new Date(created).toISOString().slice(0, 10);
    const ids = async (filter: string): Promise<number[]> => (await octokit.actions.listWorkflowRunsForRepo({ ...t, created: filter })).data.workflow_runs.map((r) => r.id);
    expect(await ids(day)).toContain(runId);
    expect(await ids(`>=${day}`)).toContain(runId);
    expect(await ids(`<${day}`)).toEqual([]);
    expect(await ids('2001-01-01..2001-12-31')).toEqual([]);
    expect(await ids(`${day}..*`)).toContain(runId);
    const { data: one } = await octokit.actions.listWorkflowRuns({ ...t, workflow_id: 'titled.yml', created: '<2001-01-01' });
    expect(one.total_count).toBe(0);
  });

  it("gives a run's jobs with steps, its timing, its (empty) artifacts, and its log as a zip", async () => {
    const { data: jobs } = await octokit.actions.listJobsForWorkflowRun({ ...t, run_id: runId });
    expect(jobs.jobs[0]).toMatchObject({ name: 'Say hello', status: 'completed', conclusion: 'success', workflow_name: 'Titled', steps: [{ name: 'Greet', number: 1, conclusion: 'success' }] });
    const { data: timing } = await octokit.actions.getWorkflowRunUsage({ ...t, run_id: runId });
    expect(timing.billable.UBUNTU?.jobs).toBe(1);
    expect((await octokit.actions.listWorkflowRunArtifacts({ ...t, run_id: runId })).data.total_count).toBe(0);
    // Octokit follows the 302 to the short-lived download URL.
    const { data: zip } = await octokit.actions.downloadWorkflowRunLogs({ ...t, run_id: runId });
    const dir = mkdtempSync(join(tmpdir(), 'gfa-log-zip-'));
    try {
      writeFileSync(join(dir, 'logs.zip'), Buffer.from(zip as ArrayBuffer));
      const { stdout: names } = await exec('python3', ['-c', 'import sys,zipfile; z=zipfile.ZipFile(sys.argv[1]); print("\\n".join(z.namelist())); print(z.read("Say hello/1_Greet.txt").decode())', join(dir, 'logs.zip')]);
      expect(names).toContain('Say hello/1_Greet.txt');
      expect(names).toContain('hello alice, secret ***');
      expect(names).not.toContain('never-in-a-log');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const job = await fetch(`${fx.emu.apiUrl}/repos/owner/app/actions/jobs/${jobs.jobs[0]!.id}/logs`, { headers: { authorization: `Bearer ${fx.ownerToken}` }, redirect: 'manual' });
    expect(job.status).toBe(302);
    expect(await (await fetch(job.headers.get('location')!)).text()).toContain('hello alice');
  });

  it('enables a workflow again (PUT …/enable), e.g. after the 60-day rule disabled it', async () => {
    const repo = fx.emu.state.repos.get('owner/app')!;
    repo.workflowStates.set('gfa-bump.yml', 'disabled_inactivity');
    const res = await octokit.actions.enableWorkflow({ ...t, workflow_id: 'gfa-bump.yml' });
    expect(res.status).toBe(204);
    expect((await octokit.actions.getWorkflow({ ...t, workflow_id: 'gfa-bump.yml' })).data.state).toBe('active');
  });
});

describe('git, branches and commits', () => {
  it('reads a ref as Octokit encodes it (heads%2Fmain), and trees by branch name', async () => {
    const { data: ref } = await octokit.git.getRef({ ...t, ref: 'heads/main' });
    expect(ref.ref).toBe('refs/heads/main');
    const { data: tree } = await octokit.git.getTree({ ...t, tree_sha: 'main' });
    expect(tree.tree.map((e) => e.path)).toContain('gfa.config.ts');
    const entry = tree.tree.find((e) => e.path === 'gfa.config.ts')!;
    const { data: blob } = await octokit.git.getBlob({ ...t, file_sha: entry.sha! });
    expect(Buffer.from(blob.content, 'base64').toString('utf8')).toContain('defineApp');
  });

  it('serves branches and commits by branch name (branches/main, commits/main)', async () => {
    const { data: branches } = await octokit.repos.listBranches(t);
    expect(branches.map((b) => b.name)).toContain('main');
    const { data: branch } = await octokit.repos.getBranch({ ...t, branch: 'main' });
    const { data: commit } = await octokit.repos.getCommit({ ...t, ref: 'main' });
    expect(commit.sha).toBe(branch.commit.sha);
    expect(commit.files?.map((f) => f.filename)).toContain('.github/workflows/titled.yml');
    const { data: commits } = await octokit.repos.listCommits({ ...t, sha: 'main', per_page: 1 });
    expect(commits[0]!.sha).toBe(commit.sha);
  });

  it('serves download_url', async () => {
    const { data } = await octokit.repos.getContent({ ...t, path: 'gfa.config.ts', ref: 'main' });
    const url = (data as { download_url: string }).download_url;
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('defineApp');
  });
});

describe('conditional requests', () => {
  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${fx.emu.apiUrl}/repos/owner/app${path}`, { headers: { authorization: `Bearer ${fx.ownerToken}`, ...headers } });

  it('sends weak ETags and matches them weakly, in a list, or *', async () => {
    const first = await get('/git/ref/heads/main');
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^W\/"[0-9a-f]+"$/);
    expect((await get('/git/ref/heads/main', { 'if-none-match': etag })).status).toBe(304);
    expect((await get('/git/ref/heads/main', { 'if-none-match': etag.slice(2) })).status).toBe(304);
    expect((await get('/git/ref/heads/main', { 'if-none-match': `W/"nope", ${etag}` })).status).toBe(304);
    expect((await get('/git/ref/heads/main', { 'if-none-match': '*' })).status).toBe(304);
    expect((await get('/git/ref/heads/main', { 'if-none-match': 'W/"nope"' })).status).toBe(200);
  });

  it('sends Last-Modified and honours If-Modified-Since', async () => {
    const first = await get('');
    const last = first.headers.get('last-modified')!;
    expect(new Date(last).toUTCString()).toBe(last);
    expect((await get('', { 'if-modified-since': last })).status).toBe(304);
    expect((await get('', { 'if-modified-since': 'Thu, 01 Jan 2004 00:00:00 GMT' })).status).toBe(200);
    // If-None-Match wins over If-Modified-Since (RFC 9110 §13.1.3).
    expect((await get('', { 'if-modified-since': last, 'if-none-match': 'W/"other"' })).status).toBe(200);
  });
});

describe('secrets, rate limit, user, meta, GraphQL', () => {
  it('lists secrets and refuses a bad secret name with 422 rather than 404', async () => {
    const { data: key } = await octokit.actions.getRepoPublicKey(t);
    const bad = await octokit.actions.createOrUpdateRepoSecret({ ...t, secret_name: 'BAD-NAME', encrypted_value: 'AAAA', key_id: key.key_id }).catch((e: { status: number; message: string }) => e);
    expect(bad).toMatchObject({ status: 422, message: expect.stringContaining('Failed to add secret. Name is invalid') });
    const { data } = await octokit.actions.listRepoSecrets(t);
    expect(data).toMatchObject({ total_count: expect.any(Number), secrets: expect.any(Array) });
  });

  it('answers /rate_limit without counting it, /user and /meta', async () => {
    const a = (await octokit.rateLimit.get()).data.resources.core.used;
    const b = (await octokit.rateLimit.get()).data.resources.core.used;
    expect(b).toBe(a);
    expect((await octokit.users.getAuthenticated()).data.login).toBe('owner');
    expect((await octokit.meta.get()).data.verifiable_password_authentication).toBe(false);
  });

  it('answers the GraphQL queries gh sends at /api/graphql, and refuses fields it does not model', async () => {
    const q = (query: string, variables: Record<string, unknown> = {}) =>
      fetch(`${fx.emu.url}/api/graphql`, { method: 'POST', headers: { authorization: `bearer ${fx.ownerToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) }).then((r) => r.json() as Promise<Record<string, any>>);
    const ok = await q('fragment repo on Repository { id name owner { login } defaultBranchRef { name } } query RepositoryInfo($owner: String!, $name: String!) { repository(owner: $owner, name: $name) { ...repo parent { ...repo } } }', { owner: 'owner', name: 'app' });
    expect(ok).toEqual({ data: { repository: { id: expect.any(String), name: 'app', owner: { login: 'owner' }, defaultBranchRef: { name: 'main' }, parent: null } } });
    // gh run view / watch: a pull request for the run's branch (the double has none).
    const prs = await q('query PullRequestForRun($owner: String!, $repo: String!, $headRefName: String!) { repository(owner: $owner, name: $repo) { pullRequests(headRefName: $headRefName, first: 1, orderBy: { field: CREATED_AT, direction: DESC }) { nodes { number headRepository { owner { login } name } } } } }', { owner: 'owner', repo: 'app', headRefName: 'main' });
    expect(prs).toEqual({ data: { repository: { pullRequests: { nodes: [] } } } });
    const missing = await q('query { repository(owner: "owner", name: "nope") { name } }');
    expect(missing).toMatchObject({ data: { repository: null }, errors: [{ type: 'NOT_FOUND', path: ['repository'] }] });
    const unknown = await q('{ repository(owner: "owner", name: "app") { stars } }');
    expect(unknown.errors[0].message).toBe("Field 'stars' doesn't exist on type 'Repository'");
    expect(unknown.data).toBeUndefined();
  });

  it('counts GraphQL on its own budget, as GitHub does', async () => {
    const before = (await octokit.rateLimit.get()).data.resources;
    const res = await fetch(`${fx.emu.url}/api/graphql`, { method: 'POST', headers: { authorization: `bearer ${fx.ownerToken}` }, body: JSON.stringify({ query: '{ viewer { login } }' }) });
    expect(await res.json()).toEqual({ data: { viewer: { login: 'owner' } } });
    expect(res.headers.get('x-ratelimit-resource')).toBe('graphql');
    const after = (await octokit.rateLimit.get()).data.resources;
    expect(after.graphql!.used).toBe(before.graphql!.used + 1);
    expect(after.core.used).toBe(before.core.used);
  });
});

describe('OpenAPI', () => {
  it("every REST exchange matched GitHub's OpenAPI description", () => {
    expect(fx.recorder.problems).toEqual([]);
  });
});
