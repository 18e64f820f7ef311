/**
 * The GitLab double's pipeline schedules (a test double of GitLab's documented API, not GitLab), held
 * to gitlab-org/gitlab `lib/api/ci/pipeline_schedules.rb` and doc/api/pipeline_schedules.md: what an
 * edit of the inputs must carry, and Grape's `{"error": …}` answers to bad parameters.
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
