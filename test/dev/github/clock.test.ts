/**
 * The GitHub double on the forge's clock (a test double, not GitHub): a dispatched run waits for its
 * runner (`runnerStartMs`) as `queued`, then goes `in_progress` and `completed`, all seen through the
 * runs endpoints; a run that dies before it writes a result ends `completed/failure` at once; queued
 * and running runs can be cancelled; and the documented rate limits (primary, 304s free, the cap on
 * `x-ratelimit-used`, 403/429, the secondary limit on concurrent requests with `retry-after`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSecretKey } from '../../../framework/crypto/keys.ts';
import { manualClock } from '../../../framework/dev/clock.ts';
import { RateLimits, type Caller } from '../../../framework/dev/github/rate-limit.ts';
import { startGithubFixture, type GithubFixture } from '../../forge/helpers/github.ts';

type RunJson = { id: number; status: string; conclusion: string | null; created_at: string; updated_at: string; run_started_at: string };

async function withKey(fx: GithubFixture): Promise<void> {
  const now = new Date().toISOString();
  fx.emu.state.repos.get('owner/app')!.secrets.set('GFA_SECRET_KEY', { value: await generateSecretKey(), createdAt: now, updatedAt: now });
}

const call = (fx: GithubFixture, path: string, init: RequestInit & { token?: string } = {}): Promise<Response> =>
  fetch(`${fx.emu.apiUrl}/repos/owner/app${path}`, { ...init, headers: { ...(init.token ? { authorization: `Bearer ${init.token}` } : {}), ...(init.headers as Record<string, string>) } });

async function dispatch(fx: GithubFixture, file: string, requestId: string): Promise<number> {
  const res = await call(fx, `/actions/workflows/${file}/dispatches`, { token: fx.dispatchToken, method: 'POST', body: JSON.stringify({ ref: 'main', inputs: { request_id: requestId, input: '' }, return_run_details: true }) });
  expect(res.status).toBe(200);
  return ((await res.json()) as { workflow_run_id: number }).workflow_run_id;
}

const getRun = async (fx: GithubFixture, id: number): Promise<RunJson> => (await (await call(fx, `/actions/runs/${id}`, { token: fx.dispatchToken })).json()) as RunJson;

/** Polls the run every 40 ms until it completes; the distinct statuses seen, in order, and when each was first seen. */
async function follow(fx: GithubFixture, id: number): Promise<{ seen: { status: string; at: number }[]; run: RunJson }> {
  const seen: { status: string; at: number }[] = [];
  const deadline = Date.now() + 30_000;
  for (;;) {
    const run = await getRun(fx, id);
    if (seen.at(-1)?.status !== run.status) seen.push({ status: run.status, at: Date.now() });
    if (run.status === 'completed' || Date.now() > deadline) return { seen, run };
    await new Promise((r) => setTimeout(r, 40));
  }
}

describe('GitHub double: runs on the clock (runnerStartMs 300)', () => {
  let fx: GithubFixture;
  beforeAll(async () => {
    fx = await startGithubFixture('dev-app', { emulator: { runnerStartMs: 300 } });
    await withKey(fx);
  }, 60_000);
  afterAll(async () => fx?.stop());

  it('a dispatched run is queued for the runner start, then in_progress, then completed/success', async () => {
    const t0 = Date.now();
    const id = await dispatch(fx, 'gfa-bump.yml', 'clock-1');
    const { seen, run } = await follow(fx, id);
    expect(seen.map((s) => s.status)).toEqual(['queued', 'in_progress', 'completed']);
    expect(run.conclusion).toBe('success');
    // Queued for the runner start (no sooner), then started.
    expect(seen[1]!.at - t0).toBeGreaterThanOrEqual(280);
    // GitHub's timestamps are whole seconds (the double now writes them so): the 300 ms queue shows in
    // the order of created_at and run_started_at, and in what a poller saw (above), not in their difference.
    expect(Date.parse(run.run_started_at)).toBeGreaterThanOrEqual(Date.parse(run.created_at));
    expect(run.created_at).toMatch(/:\d\dZ$/);
    expect(Date.parse(run.updated_at)).toBeGreaterThanOrEqual(Date.parse(run.run_started_at));
    // The workflow's runs list tells the same story.
    const list = (await (await call(fx, '/actions/workflows/gfa-bump.yml/runs', { token: fx.dispatchToken })).json()) as { workflow_runs: RunJson[] };
    expect(list.workflow_runs.find((r) => r.id === id)).toMatchObject({ status: 'completed', conclusion: 'success' });
  }, 40_000);

  it('a run that dies before writing its result ends completed/failure as soon as its step dies', async () => {
    const id = await dispatch(fx, 'gfa-crash.yml', 'clock-crash');
    const { seen, run } = await follow(fx, id);
    expect(run).toMatchObject({ status: 'completed', conclusion: 'failure' });
    const started = seen.find((s) => s.status === 'in_progress')?.at ?? seen[0]!.at;
    expect(seen.at(-1)!.at - started).toBeLessThan(5_000);
  }, 40_000);

  it('cancels a running run (202): its step is killed and it completes as cancelled; a completed run answers 409', async () => {
    const repo = fx.emu.state.repos.get('owner/app')!;
    const id = await dispatch(fx, 'gfa-bump.yml', 'clock-cancel-running');
    const run = repo.runs.find((r) => r.id === id)!;
    while (run.status === 'queued') await new Promise((r) => setTimeout(r, 10));
    expect((await call(fx, `/actions/runs/${id}/cancel`, { token: fx.dispatchToken, method: 'POST' })).status).toBe(202);
    await fx.emu.idle();
    expect(await getRun(fx, id)).toMatchObject({ status: 'completed', conclusion: 'cancelled' });
    const again = await call(fx, `/actions/runs/${id}/cancel`, { token: fx.dispatchToken, method: 'POST' });
    expect(again.status).toBe(409);
    expect((await call(fx, `/actions/runs/${id}/cancel`, { method: 'POST' })).status).toBe(401);
  }, 40_000);

  it('every exchange matched GitHub\'s OpenAPI description', () => {
    expect(fx.recorder.problems).toEqual([]);
  });
});

describe('GitHub double: a manual clock and low limits', () => {
  const clock = manualClock(Date.parse('2026-12-07T02:00:00Z'));
  let fx: GithubFixture;
  beforeAll(async () => {
    fx = await startGithubFixture('dev-app', { emulator: { clock, runnerStartMs: 15_000, rateLimits: { perHour: 4, unauthenticatedPerHour: 2 } } });
  }, 60_000);
  afterAll(async () => fx?.stop());

  it('a run stays queued until the runner start has passed on the clock; a queued run cancelled never starts', async () => {
    const repo = fx.emu.state.repos.get('owner/app')!;
    const token = fx.emu.addToken(['owner/app'], { actions: 'write', contents: 'read' });
    const id = await dispatch({ ...fx, dispatchToken: token }, 'gfa-bump.yml', 'manual-1');
    await clock.advance(14_000);
    expect(repo.runs.find((r) => r.id === id)!.status).toBe('queued');
    expect((await call(fx, `/actions/runs/${id}/cancel`, { token, method: 'POST' })).status).toBe(202);
    await fx.emu.idle();
    expect(repo.runs.find((r) => r.id === id)).toMatchObject({ status: 'completed', conclusion: 'cancelled' });
    expect(repo.runs.find((r) => r.id === id)!.startedAt).toBeUndefined();
    // Another one starts once the clock has moved on by the runner start.
    const id2 = await dispatch({ ...fx, dispatchToken: token }, 'gfa-bump.yml', 'manual-2');
    expect(repo.runs.find((r) => r.id === id2)!.status).toBe('queued');
    await clock.advance(15_000);
    await fx.emu.idle();
    expect(repo.runs.find((r) => r.id === id2)!.status).toBe('completed');
  }, 40_000);

  it('counts per token: headers on every answer, 403 with remaining 0 past the limit, used never past it, a fresh hour after reset', async () => {
    const token = fx.emu.addToken(['owner/app'], { contents: 'read' });
    const answers: Response[] = [];
    for (let i = 0; i < 6; i++) answers.push(await call(fx, '/git/ref/heads/main', { token }));
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200, 403, 403]);
    expect(answers.map((r) => r.headers.get('x-ratelimit-used'))).toEqual(['1', '2', '3', '4', '4', '4']);
    expect(answers.map((r) => r.headers.get('x-ratelimit-remaining'))).toEqual(['3', '2', '1', '0', '0', '0']);
    const reset = Number(answers[0]!.headers.get('x-ratelimit-reset'));
    expect(reset).toBe(Math.floor(clock.now() / 1000) + 3600);
    expect(answers[5]!.headers.get('x-ratelimit-limit')).toBe('4');
    expect(answers[5]!.headers.get('x-ratelimit-resource')).toBe('core');
    expect(await answers[5]!.json()).toMatchObject({ message: 'API rate limit exceeded for user ID 1.', documentation_url: expect.any(String) });
    await clock.advance(3_600_000);
    const later = await call(fx, '/git/ref/heads/main', { token });
    expect(later.status).toBe(200);
    expect(later.headers.get('x-ratelimit-used')).toBe('1');
    expect(Number(later.headers.get('x-ratelimit-reset'))).toBeGreaterThan(reset);
  });

  it('a 304 to a conditional request with a token is free; without a token it counts, against the lower limit', async () => {
    const token = fx.emu.addToken(['owner/app'], { contents: 'read' });
    const first = await call(fx, '/git/ref/heads/main', { token });
    const etag = first.headers.get('etag')!;
    for (let i = 0; i < 5; i++) {
      const again = await call(fx, '/git/ref/heads/main', { token, headers: { 'if-none-match': etag } });
      expect(again.status).toBe(304);
      expect(again.headers.get('x-ratelimit-used')).toBe('1');
    }
    const statuses: unknown[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await call(fx, '/git/ref/heads/main', { headers: { 'if-none-match': etag } });
      statuses.push([r.status, r.headers.get('x-ratelimit-limit'), r.headers.get('x-ratelimit-used')]);
    }
    expect(statuses).toEqual([[304, '2', '1'], [304, '2', '2'], [403, '2', '2']]);
  });

  it('every exchange matched GitHub\'s OpenAPI description', () => {
    expect(fx.recorder.problems).toEqual([]);
  });
});

describe('GitHub double: secondary rate limit (in process)', () => {
  const caller: Caller = { who: 'token:t', kind: 'user', label: 'user ID 1' };

  it('past the concurrent-request cap: 403 (or 429) naming the secondary limit, with retry-after, not counted', async () => {
    for (const status of [403, 429] as const) {
      const limits = new RateLimits({ concurrent: 2, status, retryAfterSeconds: 30 }, manualClock());
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      const handler = limits.middleware(() => caller)(async () => {
        await gate;
        return new Response('{}', { status: 200 });
      });
      const slow = [handler(new Request('http://x/a')), handler(new Request('http://x/b'))];
      const refused = await handler(new Request('http://x/c'));
      expect(refused.status).toBe(status);
      expect(refused.headers.get('retry-after')).toBe('30');
      expect(((await refused.json()) as { message: string }).message).toMatch(/secondary rate limit/);
      release();
      expect((await Promise.all(slow)).map((r) => r.status)).toEqual([200, 200]);
      expect(limits.usedBy('token:t')).toBe(2);
      expect((await handler(new Request('http://x/d'))).status).toBe(200);
    }
  });

  it('answers past the primary limit with the configured status (429)', async () => {
    const limits = new RateLimits({ perHour: 1, status: 429 }, manualClock());
    const handler = limits.middleware(() => caller)(async () => new Response('{}'));
    expect((await handler(new Request('http://x/'))).status).toBe(200);
    const res = await handler(new Request('http://x/'));
    expect(res.status).toBe(429);
    expect(res.headers.get('x-ratelimit-remaining')).toBe('0');
  });
});
