/**
 * The GitHub double's workflow switch (a test double of GitHub, not GitHub):
 * `PUT /repos/{o}/{r}/actions/workflows/{id}/disable|enable` with Actions: write, 204, and a disabled
 * workflow starts no run, scheduled or dispatched
 * (https://docs.github.com/rest/actions/workflows#disable-a-workflow,
 * https://docs.github.com/actions/managing-workflow-runs/disabling-and-enabling-a-workflow).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGithubFixture, type GithubFixture } from '../../forge/helpers/github.ts';

let fx: GithubFixture;
beforeAll(async () => {
  fx = await startGithubFixture('dev-app');
}, 60_000);
afterAll(async () => fx?.stop());

const put = (token: string, what: string, id = 'gfa-bump.yml') =>
  fetch(`${fx.emu.apiUrl}/repos/owner/app/actions/workflows/${id}/${what}`, { method: 'PUT', headers: { authorization: `Bearer ${token}` } });
const state = async (): Promise<string> =>
  ((await (await fetch(`${fx.emu.apiUrl}/repos/owner/app/actions/workflows/gfa-bump.yml`, { headers: { authorization: `Bearer ${fx.ownerToken}` } })).json()) as { state: string }).state;

describe('GitHub double: disable and enable a workflow', () => {
  it('needs Actions: write, answers 204, and a disabled workflow is not triggered', async () => {
    const reader = fx.emu.addToken(['owner/app'], { actions: 'read', contents: 'read' });
    const refused = await put(reader, 'disable');
    expect(refused.status).toBe(403);
    expect(refused.headers.get('x-accepted-github-permissions')).toBe('actions=write');
    expect((await put(fx.ownerToken, 'disable', 'gfa-nope.yml')).status).toBe(404);

    const off = await put(fx.dispatchToken, 'disable');
    expect(off.status).toBe(204);
    expect(await off.text()).toBe('');
    expect(await state()).toBe('disabled_manually');
    expect(await fx.emu.startRun('owner/app', 'gfa-bump.yml', 'schedule', { schedule: '*/15 * * * *' })).toBeUndefined();
    const dispatch = await fetch(`${fx.emu.apiUrl}/repos/owner/app/actions/workflows/gfa-bump.yml/dispatches`, {
      method: 'POST', headers: { authorization: `Bearer ${fx.dispatchToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ ref: 'main', inputs: { request_id: 'r1', input: '' } }),
    });
    expect(dispatch.status).toBe(422);

    expect((await put(fx.dispatchToken, 'enable')).status).toBe(204);
    expect(await state()).toBe('active');
    expect(fx.recorder.problems).toEqual([]);
  }, 60_000);
});
