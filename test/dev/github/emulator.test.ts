/**
 * The GitHub emulator's own behaviour, each after GitHub's documentation (cited in the sources):
 * ETag/304 that costs no rate limit, rate-limit headers and the 403 past the limit, Link pagination,
 * GitHub error bodies, fine-grained permissions (Actions: write + Contents: read dispatches but cannot
 * push), secrets that must open with the emulator's key, dispatch input checks, and every answer
 * held to GitHub's OpenAPI description.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSecretKey } from '../../../framework/crypto/keys.ts';
import { getSodium } from '../../../framework/crypto/sodium.ts';
import { startGithubFixture, type GithubFixture } from '../../forge/helpers/github.ts';

const exec = promisify(execFile);
let fx: GithubFixture;
beforeAll(async () => {
  fx = await startGithubFixture();
}, 60_000);
afterAll(async () => fx?.stop());

const api = (path: string, init: RequestInit & { token?: string } = {}): Promise<Response> =>
  fetch(`${fx.emu.apiUrl}/repos/owner/app${path}`, { ...init, headers: { ...(init.token ? { authorization: `Bearer ${init.token}` } : {}), ...(init.headers as Record<string, string>) } });

describe('GitHub emulator REST', () => {
  it('answers with an ETag; a conditional request gets 304 and, with a token, costs nothing', async () => {
    const first = await api('/git/ref/heads/main', { token: fx.ownerToken });
    expect(first.status).toBe(200);
    const etag = first.headers.get('etag')!;
    const used = Number(first.headers.get('x-ratelimit-used'));
    expect(first.headers.get('x-ratelimit-limit')).toBe('5000');
    expect(Number(first.headers.get('x-ratelimit-remaining'))).toBe(5000 - used);
    const again = await api('/git/ref/heads/main', { token: fx.ownerToken, headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(Number(again.headers.get('x-ratelimit-used'))).toBe(used);
    // Without a token the 304 still counts, against 60 an hour.
    const anon = await api('/git/ref/heads/main', { headers: { 'if-none-match': etag } });
    expect(anon.status).toBe(304);
    expect(anon.headers.get('x-ratelimit-limit')).toBe('60');
  });

  it('past the limit: 403 with x-ratelimit-remaining 0 and a GitHub error body', async () => {
    fx.emu.limits.set(`token:${fx.dispatchToken}`, 5000);
    try {
      const res = await api('/git/ref/heads/main', { token: fx.dispatchToken });
      expect(res.status).toBe(403);
      expect(res.headers.get('x-ratelimit-remaining')).toBe('0');
      expect(await res.json()).toMatchObject({ message: expect.stringMatching(/^API rate limit exceeded/), documentation_url: expect.any(String) });
    } finally {
      fx.emu.limits.set(`token:${fx.dispatchToken}`, 0);
    }
  });

  it('pages lists with a Link header', async () => {
    const res = await api('/actions/workflows?per_page=2', { token: fx.ownerToken });
    const body = (await res.json()) as { total_count: number; workflows: unknown[] };
    expect(body.workflows).toHaveLength(2);
    expect(body.total_count).toBeGreaterThan(2);
    expect(res.headers.get('link')).toMatch(/<[^>]+page=2[^>]*>; rel="next", <[^>]+>; rel="last"/);
  });

  it('hides a repository from a token without access (404), refuses bad credentials (401)', async () => {
    const other = fx.emu.addToken(['owner/other'], { contents: 'read' });
    expect((await api('', { token: other })).status).toBe(404);
    const bad = await api('', { token: 'ghp_nope' });
    expect(bad.status).toBe(401);
    expect(await bad.json()).toMatchObject({ message: 'Bad credentials' });
  });

  it('a browser token (Actions: write, Contents: read) may dispatch but not write contents or secrets', async () => {
    const put = await api('/contents/x.txt', { token: fx.dispatchToken, method: 'PUT', body: JSON.stringify({ message: 'm', content: 'eA==' }) });
    expect(put.status).toBe(403);
    expect(put.headers.get('x-accepted-github-permissions')).toBe('contents=write');
    const key = await api('/actions/secrets/public-key', { token: fx.dispatchToken });
    expect(key.status).toBe(403);
    const ok = await api('/actions/workflows/gfa-fail.yml/dispatches', { token: fx.dispatchToken, method: 'POST', body: JSON.stringify({ ref: 'main', inputs: { request_id: 'r1', input: '' } }) });
    expect(ok.status).toBe(204);
    await fx.emu.idle();
  });

  it('refuses undeclared dispatch inputs, an unknown ref, and a disabled workflow', async () => {
    const post = (file: string, body: unknown) => api(`/actions/workflows/${file}/dispatches`, { token: fx.dispatchToken, method: 'POST', body: JSON.stringify(body) });
    const extra = await post('gfa-bump.yml', { ref: 'main', inputs: { request_id: 'x', evil: '1' } });
    expect(extra.status).toBe(422);
    expect(((await extra.json()) as { message: string }).message).toMatch(/Unexpected inputs provided: \["evil"\]/);
    expect((await post('gfa-bump.yml', { ref: 'no-such-branch' })).status).toBe(422);
    expect((await post('gfa-nope.yml', { ref: 'main' })).status).toBe(404);
    fx.emu.state.repos.get('owner/app')!.workflowStates.set('gfa-bump.yml', 'disabled_manually');
    try {
      expect((await post('gfa-bump.yml', { ref: 'main', inputs: {} })).status).toBe(422);
    } finally {
      fx.emu.state.repos.get('owner/app')!.workflowStates.clear();
    }
  });

  it('opens sealed secrets with its own key and refuses a value sealed to another key', async () => {
    const sodium = await getSodium();
    const { key_id, key } = (await (await api('/actions/secrets/public-key', { token: fx.ownerToken })).json()) as { key_id: string; key: string };
    const seal = (pk: Uint8Array) => sodium.to_base64(sodium.crypto_box_seal(sodium.from_string('s3cret-value'), pk), sodium.base64_variants.ORIGINAL);
    const put = (value: string) => api('/actions/secrets/MY_SECRET', { token: fx.ownerToken, method: 'PUT', body: JSON.stringify({ encrypted_value: value, key_id }) });
    expect((await put(seal(sodium.crypto_box_keypair().publicKey))).status).toBe(422);
    expect((await put(seal(sodium.from_base64(key, sodium.base64_variants.ORIGINAL)))).status).toBe(201);
    expect((await put(seal(sodium.from_base64(key, sodium.base64_variants.ORIGINAL)))).status).toBe(204);
    expect(fx.emu.state.repos.get('owner/app')!.secrets.get('MY_SECRET')?.value).toBe('s3cret-value');
  });
});

describe('GitHub emulator Actions runs', () => {
  it('a schedule runs the workflow with a GITHUB_TOKEN that pushes; none while the workflow is disabled', async () => {
    const repo = fx.emu.state.repos.get('owner/app')!;
    repo.workflowStates.set('gfa-bump.yml', 'disabled_inactivity');
    expect(await fx.emu.startRun('owner/app', 'gfa-bump.yml', 'schedule', { schedule: '*/15 * * * *' })).toBeUndefined();
    repo.workflowStates.clear();
    // The encrypted app's key, as gfa deploy stores it (the secrets are the emulator's to open).
    const now = new Date().toISOString();
    repo.secrets.set('GFA_SECRET_KEY', { value: await generateSecretKey(), createdAt: now, updatedAt: now });
    const id = await fx.emu.startRun('owner/app', 'gfa-bump.yml', 'schedule', { schedule: '*/15 * * * *' });
    await fx.emu.idle();
    const run = repo.runs.find((r) => r.id === id)!;
    expect(run, run.log).toMatchObject({ event: 'schedule', status: 'completed', conclusion: 'success' });
    // A template repository: the job's `if:` guard is evaluated, so nothing runs.
    repo.isTemplate = true;
    const skipped = await fx.emu.startRun('owner/app', 'gfa-bump.yml', 'schedule', { schedule: '*/15 * * * *' });
    await fx.emu.idle();
    repo.isTemplate = false;
    expect(repo.runs.find((r) => r.id === skipped)?.conclusion).toBe('skipped');
    // The run's token is gone once the run ends (a leaked GITHUB_TOKEN expires with its job).
    expect([...fx.emu.state.tokens.values()].filter((t) => t.kind === 'installation')).toEqual([]);
  });
});

describe('GitHub emulator git over HTTP', () => {
  const remote = () => `${fx.emu.url}/owner/app.git`;
  const git = (token: string | undefined, ...args: string[]) =>
    exec('git', [...(token ? ['-c', `http.extraHeader=Authorization: Basic ${Buffer.from(`x-access-token:${token}`).toString('base64')}`] : []), ...args], { cwd: fx.dir, env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } }).then(() => 0, (e: { code?: number }) => e.code ?? 1);

  it('a browser token can fetch but not push; the owner token can push', async () => {
    expect(await git(fx.dispatchToken, 'ls-remote', remote())).toBe(0);
    expect(await git(fx.dispatchToken, 'push', '--quiet', remote(), 'HEAD:refs/heads/sneaky')).not.toBe(0);
    expect(await git(undefined, 'push', '--quiet', remote(), 'HEAD:refs/heads/sneaky')).not.toBe(0);
    expect(await git(fx.ownerToken, 'push', '--quiet', remote(), 'HEAD:refs/heads/feature')).toBe(0);
  });

  it('every REST exchange matched GitHub\'s OpenAPI description', () => {
    expect(fx.recorder.problems).toEqual([]);
  });
});
