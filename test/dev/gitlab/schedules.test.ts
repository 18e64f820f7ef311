/**
 * The GitLab double's pipeline schedules (a test double of GitLab's documented API, not GitLab), held
 * to gitlab-org/gitlab `lib/api/ci/pipeline_schedules.rb` and doc/api/pipeline_schedules.md: what an
 * edit of the inputs must carry, Grape's `{"error": …}` answers to bad parameters, the model's checks
 * of cron, time zone and ref, `next_run_at`, take-ownership's 201, and the pipelines a schedule started.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GitlabDev } from '../../../framework/dev/gitlab/server.ts';
import { startEmulator } from '../../forge/gitlab/helpers.ts';

let gl: GitlabDev;
let base: string;
beforeAll(async () => {
  gl = await startEmulator({ pipelines: false });
  base = `${gl.apiUrl}/projects/${encodeURIComponent(gl.project)}/pipeline_schedules`;
});
afterAll(() => gl?.close());

const send = (method: string, url: string, body: unknown) =>
  fetch(url, { method, headers: { 'private-token': gl.token, 'content-type': 'application/json' }, body: JSON.stringify(body) });

async function create(extra: Record<string, unknown> = {}): Promise<{ id: number }> {
  const res = await send('POST', base, { description: 'gfa:x', ref: 'main', cron: '0 * * * *', inputs: [{ name: 'job', value: 'a' }, { name: 'extra', value: 'x' }], ...extra });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as { id: number };
}

describe('pipeline schedule inputs', () => {
  it('refuses an input removed with `_destroy` and no value, as Grape does (value is missing)', async () => {
    const s = await create();
    const res = await send('PUT', `${base}/${s.id}`, { inputs: [{ name: 'extra', _destroy: true }] });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: 'inputs[0][value] is missing' });
    expect(gl.state.project.schedules.find((x) => x.id === s.id)!.inputs).toHaveLength(2);
  });

  it('removes an input with `destroy: true`, with or without its value, and keeps typed values', async () => {
    const s = await create();
    const a = await send('PUT', `${base}/${s.id}`, { inputs: [{ name: 'extra', destroy: true }, { name: 'n', value: 3 }] });
    expect(a.status, await a.clone().text()).toBe(200);
    expect(((await a.json()) as { inputs: unknown }).inputs).toEqual([{ name: 'job', value: 'a' }, { name: 'n', value: 3 }]);
    const b = await send('PUT', `${base}/${s.id}`, { inputs: [{ name: 'n', value: 3, destroy: 'true' }] });
    expect(((await b.json()) as { inputs: unknown }).inputs).toEqual([{ name: 'job', value: 'a' }]);
  });

  it('refuses an input without a name, a value of no allowed type, and a non-boolean destroy', async () => {
    const s = await create();
    const cases: [unknown, string][] = [
      [[{ value: 'x' }], 'inputs[0][name] is missing'],
      [[{ name: 'job', value: 'b' }, { name: 'o', value: { a: 1 } }], 'inputs[1][value] is invalid'],
      [[{ name: 'extra', destroy: 'maybe' }], 'inputs[0][destroy] is invalid'],
    ];
    for (const [inputs, error] of cases) {
      const res = await send('PUT', `${base}/${s.id}`, { inputs });
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({ error });
    }
    const created = await send('POST', base, { description: 'gfa:y', ref: 'main', cron: '0 * * * *', inputs: [{ name: 'job', destroy: true }] });
    expect(await created.json()).toEqual({ error: 'inputs[0][value] is missing' });
  });
});

describe('pipeline schedule fields and checks', () => {
  it('refuses an invalid cron, time zone and blank ref as GitLab does', async () => {
    const bad = async (body: Record<string, unknown>) => {
      const res = await send('POST', base, { description: 'gfa:v', ref: 'main', cron: '0 1 * * *', ...body });
      return { status: res.status, body: (await res.json()) as unknown };
    };
    expect(await bad({ cron: 'every day' })).toEqual({ status: 400, body: { message: { cron: [' is invalid syntax'] } } });
    expect(await bad({ cron: '61 * * * *' })).toEqual({ status: 400, body: { message: { cron: [' is invalid syntax'] } } });
    expect(await bad({ cron_timezone: 'Mars/Olympus' })).toEqual({ status: 400, body: { message: { cron_timezone: [' is invalid syntax'] } } });
    expect(await bad({ ref: '' })).toEqual({ status: 400, body: { error: 'ref is empty' } });
    expect(await bad({ active: 'maybe' })).toEqual({ status: 400, body: { error: 'active is invalid' } });
    const none = await send('POST', base, {});
    expect(await none.json()).toEqual({ error: 'description is missing, ref is missing, cron is missing' });
    const s = await create();
    const edit = await send('PUT', `${base}/${s.id}`, { cron: '* * *' });
    expect(edit.status).toBe(400);
    expect(await edit.json()).toEqual({ message: { cron: [' is invalid syntax'] } });
    expect(gl.state.project.schedules.find((x) => x.id === s.id)!.cron).toBe('0 * * * *');
  });

  it('computes next_run_at in the schedule\'s time zone and stores a short ref expanded', async () => {
    const res = await send('POST', base, { description: 'gfa:tz', ref: 'main', cron: '30 9 * * *', cron_timezone: 'Asia/Tokyo' });
    const s = (await res.json()) as { id: number; ref: string; next_run_at: string };
    expect(s.ref).toBe('refs/heads/main');
    const next = new Date(s.next_run_at);
    expect(next.getTime()).toBeGreaterThan(Date.now());
    expect(next.getTime() - Date.now()).toBeLessThanOrEqual(24 * 3600_000);
    expect([next.getUTCHours(), next.getUTCMinutes(), next.getUTCSeconds()]).toEqual([0, 30, 0]); // 09:30 in Tokyo (UTC+9)
    const as = await send('PUT', `${base}/${s.id}`, { cron_timezone: 'Pacific Time (US & Canada)' });
    expect(as.status).toBe(200);
  });

  it('answers take_ownership with 201 when the schedule changes hands and 200 when the caller owns it', async () => {
    const s = await create();
    gl.state.project.schedules.find((x) => x.id === s.id)!.ownerId = 99;
    expect((await send('POST', `${base}/${s.id}/take_ownership`, {})).status).toBe(201);
    expect((await send('POST', `${base}/${s.id}/take_ownership`, {})).status).toBe(200);
  });

  it('lists the pipelines a schedule started and names the last one', async () => {
    const s = await create();
    expect((await send('POST', `${base}/${s.id}/play`, {})).status).toBe(201);
    const list = (await (await fetch(`${base}/${s.id}/pipelines`, { headers: { 'private-token': gl.token } })).json()) as { source: string; ref: string }[];
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ source: 'schedule', ref: 'main' });
    const one = (await (await fetch(`${base}/${s.id}`, { headers: { 'private-token': gl.token } })).json()) as { last_pipeline: { ref: string } | null };
    expect(one.last_pipeline).toMatchObject({ ref: 'main' });
  });

  it('reads booleans as Grape does: True, yes, 0 (python-gitlab sends True), and refuses others', async () => {
    for (const [given, active] of [['False', false], ['yes', true], ['0', false], [true, true]] as const) {
      const res = await send('POST', base, { description: 'gfa:b', ref: 'main', cron: '0 1 * * *', active: given });
      expect(((await res.json()) as { active: boolean }).active).toBe(active);
    }
    const res = await send('POST', base, { description: 'gfa:b', ref: 'main', cron: '0 1 * * *', active: 'tRuE' });
    expect(await res.json()).toEqual({ error: 'active is invalid' });
  });
});
