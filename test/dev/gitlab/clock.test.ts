/**
 * The GitLab double on the forge's clock (a test double, not GitLab): a triggered pipeline is
 * `pending` for the runner start, then `running` and `failed`/`success`, with `started_at` and
 * `finished_at`, seen through `GET /pipelines/:id`; a pipeline that fails before its job writes a
 * result ends `failed` as soon as the job dies; pending and running pipelines can be cancelled; and
 * gitlab.com's documented throttles (RateLimit-* headers, 429 `Retry later` with Retry-After).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../../framework/dev/clock.ts';
import type { GitlabDev } from '../../../framework/dev/gitlab/server.ts';
import { startEmulator } from '../../forge/gitlab/helpers.ts';

type PipelineJson = { id: number; status: string; created_at: string; started_at: string | null; finished_at: string | null };

describe('GitLab double: pipelines on the clock (runnerStartMs 300)', () => {
  let gl: GitlabDev;
  let token: string;
  beforeAll(async () => {
    // No GFA_SECRET_KEY: the rss-reader's jobs die opening the store, before any result is written.
    gl = await startEmulator({ runnerStartMs: 300 });
    await gl.idle();
    const created = await fetch(`${gl.apiUrl}/projects/42/triggers`, { method: 'POST', headers: { 'private-token': gl.token, 'content-type': 'application/json' }, body: JSON.stringify({ description: 't' }) });
    token = ((await created.json()) as { token: string }).token;
  }, 60_000);
  afterAll(() => gl?.close());

  const trigger = async (requestId: string): Promise<PipelineJson> => {
    const res = await fetch(`${gl.apiUrl}/projects/42/trigger/pipeline`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token, ref: 'main', inputs: { job: 'fetch-feeds', request_id: requestId, input: '' } }),
    });
    expect(res.status).toBe(201);
    return (await res.json()) as PipelineJson;
  };
  const get = async (id: number): Promise<PipelineJson> => (await (await fetch(`${gl.apiUrl}/projects/42/pipelines/${id}`)).json()) as PipelineJson;
  const cancel = (id: number, headers: Record<string, string> = { 'private-token': gl.token }) => fetch(`${gl.apiUrl}/projects/42/pipelines/${id}/cancel`, { method: 'POST', headers });

  it('pending for the runner start, then running, then failed as soon as the job dies without a result', async () => {
    const t0 = Date.now();
    const first = await trigger('gl-clock-1');
    expect(first).toMatchObject({ status: 'pending', started_at: null, finished_at: null });
    const seen: { status: string; at: number }[] = [];
    let p = first;
    while (Date.now() - t0 < 60_000) {
      p = await get(first.id);
      if (seen.at(-1)?.status !== p.status) seen.push({ status: p.status, at: Date.now() });
      if (p.finished_at) break;
      await new Promise((r) => setTimeout(r, 40));
    }
    expect(seen.map((s) => s.status)).toEqual(['pending', 'running', 'failed']);
    expect(seen[1]!.at - t0).toBeGreaterThanOrEqual(280);
    expect(Date.parse(p.started_at!) - Date.parse(p.created_at)).toBeGreaterThanOrEqual(290);
    expect(Date.parse(p.finished_at!)).toBeGreaterThanOrEqual(Date.parse(p.started_at!));
    // The job's death ends the pipeline at once (gitlab-ci-local itself takes a second or two).
    expect(seen[2]!.at - seen[1]!.at).toBeLessThan(10_000);
    const list = (await (await fetch(`${gl.apiUrl}/projects/42/pipelines`)).json()) as PipelineJson[];
    expect(list[0]).toMatchObject({ id: first.id, status: 'failed' });
  }, 70_000);

  it('cancels a pending pipeline (200, canceled, never started); anonymous callers are refused', async () => {
    const p = await trigger('gl-clock-cancel-pending');
    expect((await cancel(p.id, {})).status).toBe(401);
    const res = await cancel(p.id);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: p.id, status: 'canceled', started_at: null, finished_at: expect.any(String) });
    await gl.idle();
    expect(await get(p.id)).toMatchObject({ status: 'canceled', started_at: null });
  }, 30_000);

  it('cancels a running pipeline: its job is killed and the answer shows it canceled; a finished one is left as it is', async () => {
    const p = await trigger('gl-clock-cancel-running');
    while ((await get(p.id)).status !== 'running') await new Promise((r) => setTimeout(r, 20));
    const res = await cancel(p.id);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: p.id, status: 'canceled', started_at: expect.any(String), finished_at: expect.any(String) });
    await gl.idle();
    const failed = gl.state.project.pipelines.find((x) => x.status === 'failed')!;
    const again = await cancel(failed.id);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ id: failed.id, status: 'failed' });
  }, 30_000);
});

describe('GitLab double: rate limits (a manual clock, low limits)', () => {
  const clock = manualClock(Date.parse('2026-12-07T02:00:10Z'));
  let gl: GitlabDev;
  beforeAll(async () => {
    gl = await startEmulator({ pipelines: false, clock, rateLimits: { perMinute: 3, unauthenticatedPerMinute: 2 } });
  }, 60_000);
  afterAll(() => gl?.close());

  it('authenticated: RateLimit-* on every answer, then 429 "Retry later" with Retry-After and RateLimit-ResetTime; a new period lets it through', async () => {
    const get = () => fetch(`${gl.apiUrl}/projects/42`, { headers: { 'private-token': gl.token, origin: 'https://group.gitlab.io' } });
    const answers: Response[] = [];
    for (let i = 0; i < 4; i++) answers.push(await get());
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 429]);
    expect(answers.map((r) => r.headers.get('ratelimit-observed'))).toEqual(['1', '2', '3', '4']);
    expect(answers.map((r) => r.headers.get('ratelimit-remaining'))).toEqual(['2', '1', '0', '0']);
    expect(answers[0]!.headers.get('ratelimit-name')).toBe('throttle_authenticated_api');
    expect(answers[0]!.headers.get('ratelimit-limit')).toBe('3');
    const reset = Date.parse('2026-12-07T02:01:00Z') / 1000;
    expect(answers[0]!.headers.get('ratelimit-reset')).toBe(String(reset));
    const refused = answers[3]!;
    expect(refused.headers.get('retry-after')).toBe('50');
    expect(refused.headers.get('ratelimit-resettime')).toBe('Mon, 07 Dec 2026 02:01:00 GMT');
    expect(refused.headers.get('access-control-allow-origin')).toBe('*');
    expect(await refused.text()).toBe('Retry later\n');
    await clock.advance(50_000);
    const later = await get();
    expect(later.status).toBe(200);
    expect(later.headers.get('ratelimit-observed')).toBe('1');
  });

  it('unauthenticated (a trigger-token call too) counts per address against the lower limit', async () => {
    const anon = () => fetch(`${gl.apiUrl}/projects/42/pipelines`);
    expect((await anon()).status).toBe(200);
    const triggered = await fetch(`${gl.apiUrl}/projects/42/trigger/pipeline`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: 'glptt-unknown', ref: 'main' }) });
    expect(triggered.status).toBe(404);
    expect(triggered.headers.get('ratelimit-name')).toBe('throttle_unauthenticated_api');
    const refused = await anon();
    expect(refused.status).toBe(429);
    expect(refused.headers.get('ratelimit-limit')).toBe('2');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    // The owner's own budget is separate.
    expect((await fetch(`${gl.apiUrl}/projects/42`, { headers: { 'private-token': gl.token } })).status).toBe(200);
  });
});
