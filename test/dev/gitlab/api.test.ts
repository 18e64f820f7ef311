/**
 * The GitLab emulator's REST surface (a test double of GitLab's documented API, not GitLab): error
 * shapes, authentication, CORS, pagination headers, masked-variable rules, file commits.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gitlabClientForge } from '../../../framework/forge/gitlab/client.ts';
import type { GitlabDev } from '../../../framework/dev/gitlab/server.ts';
import { startEmulator } from '../../forge/gitlab/helpers.ts';

const exec = promisify(execFile);
let gl: GitlabDev;
let project: string;
beforeAll(async () => {
  gl = await startEmulator({ pipelines: false });
  project = `${gl.apiUrl}/projects/${encodeURIComponent(gl.project)}`;
});
afterAll(() => gl?.close());

const auth = (extra: Record<string, string> = {}) => ({ 'private-token': gl.token, ...extra });
const post = (url: string, body: unknown, headers: Record<string, string> = auth()) =>
  fetch(url, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('GitLab emulator REST', () => {
  it('finds the project by URL-encoded path or id, with CI settings only for maintainers', async () => {
    const byPath = (await (await fetch(project, { headers: auth() })).json()) as Record<string, unknown>;
    expect(byPath).toMatchObject({ id: 42, path_with_namespace: 'group/sub/rss', default_branch: 'main', visibility: 'public' });
    expect(byPath).toHaveProperty('ci_pipeline_variables_minimum_override_role');
    const anon = (await (await fetch(`${gl.apiUrl}/projects/42`)).json()) as Record<string, unknown>;
    expect(anon.id).toBe(42);
    expect(anon).not.toHaveProperty('ci_pipeline_variables_minimum_override_role');
  });

  it('answers errors as {message} with GitLab status lines; PRIVATE-TOKEN and Bearer both work', async () => {
    const bad = await fetch(project, { headers: { 'private-token': 'glpat-nope' } });
    expect(bad.status).toBe(401);
    expect(await bad.json()).toEqual({ message: '401 Unauthorized' });
    expect((await fetch(`${project}/variables`, { headers: { authorization: `Bearer ${gl.token}` } })).status).toBe(200);
    expect((await fetch(`${project}/variables`)).status).toBe(403);
    const missing = await fetch(`${gl.apiUrl}/projects/other%2Fproject`, { headers: auth() });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ message: '404 Project Not Found' });
    const branch = await fetch(`${project}/repository/branches/nope`);
    expect(await branch.json()).toEqual({ message: '404 Branch Not Found' });
  });

  it('hides a private project from anonymous callers (404, not 401)', async () => {
    gl.state.project.visibility = 'private';
    try {
      expect((await fetch(project)).status).toBe(404);
      expect((await fetch(`${project}/repository/files/gfa.config.ts/raw`)).status).toBe(404);
      expect((await fetch(`${project}/repository/files/gfa.config.ts/raw`, { headers: auth() })).status).toBe(200);
    } finally {
      gl.state.project.visibility = 'public';
    }
  });

  it('answers CORS preflights on /api for any origin, without credentials, exposing pagination headers', async () => {
    const pre = await fetch(`${project}/trigger/pipeline`, {
      method: 'OPTIONS', headers: { origin: 'https://group.gitlab.io', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    // rack-cors answers a preflight itself with 200 (lib/rack/cors.rb); a browser takes any 2xx.
    expect(pre.status).toBe(200);
    expect(pre.headers.get('access-control-allow-origin')).toBe('*');
    expect(pre.headers.get('access-control-allow-headers')).toBe('content-type');
    expect(pre.headers.get('access-control-allow-credentials')).toBeNull();
    const res = await fetch(`${project}/repository/tree?ref=main`, { headers: { origin: 'https://group.gitlab.io' } });
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-expose-headers')).toMatch(/X-Next-Page.*X-Gitlab-Commit-Id/);
    expect(res.headers.get('access-control-expose-headers')).not.toMatch(/RateLimit/i);
  });

  it('paginates with x-total, x-next-page and Link', async () => {
    const first = await fetch(`${project}/repository/tree?ref=main&recursive=true&per_page=5`);
    const total = Number(first.headers.get('x-total'));
    expect(total).toBeGreaterThan(10);
    expect(((await first.json()) as unknown[]).length).toBe(5);
    expect(first.headers.get('x-next-page')).toBe('2');
    expect(first.headers.get('x-total-pages')).toBe(String(Math.ceil(total / 5)));
    expect(first.headers.get('link')).toMatch(/[?&]page=2[&>][^,]*rel="next"/);
    const last = await fetch(`${project}/repository/tree?ref=main&recursive=true&per_page=5&page=${Math.ceil(total / 5)}`);
    expect(last.headers.get('x-next-page')).toBe('');
    expect(last.headers.get('link')).not.toMatch(/rel="next"/);
  });

  it('pages trees with keyset pagination (Link rel="next" only), and the client adapter follows it past 100 entries', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gfa-gl-many-'));
    const env = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@l', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@l' };
    await exec('git', ['init', '-q', '-b', 'many', dir]);
    mkdirSync(join(dir, 'results'));
    for (let i = 0; i < 150; i++) writeFileSync(join(dir, 'results', `r${String(i).padStart(3, '0')}`), `{"n":${i}}`);
    writeFileSync(join(dir, 'top.txt'), 'x');
    await exec('git', ['-C', dir, 'add', '-A'], { env });
    await exec('git', ['-C', dir, 'commit', '-qm', 'many'], { env });
    await exec('git', ['-C', dir, 'push', '-q', gl.repoDir, 'many:refs/heads/many']);
    const sha = (await exec('git', ['-C', dir, 'rev-parse', 'HEAD'])).stdout.trim();

    const first = await fetch(`${project}/repository/tree?ref=${sha}&recursive=true&pagination=keyset&per_page=100`);
    expect(first.headers.get('x-total')).toBeNull();
    expect(((await first.json()) as unknown[]).length).toBe(100);
    const next = /<([^>]+)>; rel="next"/.exec(first.headers.get('link') ?? '')![1]!;
    const second = await fetch(next);
    expect(((await second.json()) as unknown[]).length).toBe(52); // 150 files, the results/ tree and top.txt
    expect(second.headers.get('link')).toBeNull();

    const client = gitlabClientForge({ url: gl.url, project: gl.project });
    const all = await client.listFiles(sha, '');
    expect(all).toHaveLength(151);
    expect(all[0]).toBe('results/r000');
    expect(await client.listFiles(sha, 'results')).toHaveLength(150);
    expect(await client.listFiles(sha, 'nothing-here')).toEqual([]);
  });

  it('answers a single commit with its whole message and parents but no tree; 404 for an unknown one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gfa-gl-commit-'));
    const env = { ...process.env, GIT_AUTHOR_NAME: 'A', GIT_AUTHOR_EMAIL: 'a@example.com', GIT_COMMITTER_NAME: 'C', GIT_COMMITTER_EMAIL: 'c@example.com' };
    await exec('git', ['-C', dir, 'init', '-q', '-b', 'trailered'], { env });
    writeFileSync(join(dir, 'a.txt'), 'one\ntwo\n');
    await exec('git', ['-C', dir, 'add', '-A'], { env });
    await exec('git', ['-C', dir, 'commit', '-qm', 'first line\n\nbody\n\ngfa-layout: fanout-1 {"items":9}'], { env });
    await exec('git', ['-C', dir, 'push', '-q', gl.repoDir, 'trailered:refs/heads/trailered']);
    const sha = (await exec('git', ['-C', dir, 'rev-parse', 'HEAD'])).stdout.trim();

    const res = await fetch(`${project}/repository/commits/${sha}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      id: sha, short_id: sha.slice(0, 8), title: 'first line', parent_ids: [],
      message: 'first line\n\nbody\n\ngfa-layout: fanout-1 {"items":9}\n',
      author_name: 'A', author_email: 'a@example.com', committer_name: 'C', stats: { additions: 2, deletions: 0, total: 2 },
    });
    expect(body.created_at).toBe(body.committed_date);
    expect(body).not.toHaveProperty('tree_id');
    // By branch name too, and without stats when asked.
    const byName = (await (await fetch(`${project}/repository/commits/trailered?stats=false`)).json()) as Record<string, unknown>;
    expect(byName.id).toBe(sha);
    expect(byName).not.toHaveProperty('stats');
    const missing = await fetch(`${project}/repository/commits/${'0'.repeat(40)}`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ message: '404 Commit Not Found' });
    expect(await gitlabClientForge({ url: gl.url, project: gl.project }).commitMessage!(sha)).toBe(body.message);
  });

  it('applies the masked-variable rules and never shows a hidden value', async () => {
    const short = await post(`${project}/variables`, { key: 'SHORT', value: 'abc', masked: true });
    expect(short.status).toBe(400);
    const spaces = await post(`${project}/variables`, { key: 'SPACES', value: 'has some spaces', masked: true });
    expect(spaces.status).toBe(400);
    const hidden = await post(`${project}/variables`, { key: 'HIDDEN', value: 'c2VjcmV0IHZhbHVlIQ==', masked_and_hidden: true });
    expect(hidden.status).toBe(201);
    expect(await hidden.json()).toMatchObject({ key: 'HIDDEN', value: null, masked: true, hidden: true });
    const dup = await post(`${project}/variables`, { key: 'HIDDEN', value: 'x' });
    expect(await dup.json()).toEqual({ message: { key: ['(HIDDEN) has already been taken'] } });
  });

  it('commits files through the files API and reads them raw at a commit, with X-Gitlab headers', async () => {
    const created = await post(`${project}/repository/files/notes%2Fa.txt`, { branch: 'main', content: 'hello', commit_message: 'add' });
    expect(created.status).toBe(201);
    expect((await post(`${project}/repository/files/notes%2Fa.txt`, { branch: 'main', content: 'x', commit_message: 'again' })).status).toBe(400);
    const head = (await (await fetch(`${project}/repository/branches/main`)).json()) as { commit: { id: string } };
    const raw = await fetch(`${project}/repository/files/notes%2Fa.txt/raw?ref=${head.commit.id}`);
    expect(await raw.text()).toBe('hello');
    expect(raw.headers.get('x-gitlab-commit-id')).toBe(head.commit.id);
    expect(raw.headers.get('x-gitlab-size')).toBe('5');
    expect(raw.headers.get('etag')).toBeNull();
    expect((await post(`${project}/repository/files/notes%2Fb.txt`, { branch: 'main', content: 'x', commit_message: 'm' }, {})).status).toBe(403);
  });
});
