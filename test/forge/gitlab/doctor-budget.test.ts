/**
 * `gfa doctor --forge gitlab`'s budget on the GitLab double (a test double, not GitLab): compute
 * minutes from the `duration` of recent scheduled pipelines against the Free tier's 400, with the day
 * they run out; the owner token's and the trigger token's expiry and the trigger owner's state; the
 * first-run hint about GitLab.com's identity verification.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GitlabDev } from '../../../framework/dev/gitlab/server.ts';
import type { Pipeline } from '../../../framework/dev/gitlab/state.ts';
import type { GitlabApi } from '../../../framework/forge/gitlab/api.ts';
import { gitlabFirstRunCheck } from '../../../framework/forge/gitlab/doctor-budget.ts';
import type { Check } from '../../../framework/forge/types.ts';
import { gfaGitlab, startEmulator } from './helpers.ts';

const DAY = 86_400_000;
let gl: GitlabDev;
beforeAll(async () => {
  gl = await startEmulator({ pipelines: false, plan: 'free' });
  const passFile = join(mkdtempSync(join(tmpdir(), 'gfa-gl-pass-')), 'passphrase');
  writeFileSync(passFile, 'budget walrus orbit mustard velvet lagoon\n');
  const deployed = await gfaGitlab(gl, 'deploy', ['--passphrase-file', passFile, '--yes']);
  expect(deployed.code, deployed.stderr).toBe(0);
}, 120_000);
afterAll(() => gl?.close());

async function checks(): Promise<Check[]> {
  const r = await gfaGitlab(gl, 'doctor', ['--json']);
  return JSON.parse(r.stdout) as Check[];
}
const find = (cs: Check[], id: string) => cs.find((c) => c.id === id);

function addPipelines(n: number, seconds: number, status: Pipeline['status'] = 'success', source: Pipeline['source'] = 'schedule'): void {
  for (let i = 0; i < n; i++) {
    const start = Date.now() - (i + 1) * 3_600_000;
    gl.state.project.pipelines.push({
      id: 9000 + gl.state.project.pipelines.length, iid: 900 + i, source, ref: 'main', sha: 'a'.repeat(40), status, inputs: { job: 'fetch-feeds' },
      created_at: new Date(start - 20_000).toISOString(), updated_at: new Date(start + seconds * 1000).toISOString(),
      started_at: new Date(start).toISOString(), finished_at: new Date(start + seconds * 1000).toISOString(), jobs: ['fetch-feeds'], log: '',
    });
  }
}

describe('gfa doctor --forge gitlab: compute minutes', () => {
  it('counts the Free tier\'s 24 runs a day × the median duration, and warns with the day the 400 run out', async () => {
    addPipelines(3, 90);
    addPipelines(2, 30, 'success', 'trigger'); // not scheduled: not in the median
    try {
      const m = find(await checks(), 'minutes')!;
      // The rss-reader's */15 cron is capped at 24 a day: 720 runs × 1.5 min = 1,080 minutes, 36 a day; 400 last 11.1 days, to the 12th.
      expect(m).toMatchObject({ status: 'warn', message: expect.stringMatching(/about 1,080 of the 400 minutes a month the free tier includes .*runs out on \d{4}-\d\d-12 /) });
      expect(m.message).toMatch(/720 runs \(the tier's 24 a day\) × 1\.5 min each \(median of 3 recent scheduled pipelines: 90 s\)/);
    } finally {
      gl.state.project.pipelines = [];
    }
  });

  it('the double gives a single pipeline its duration, and filters the list by source', async () => {
    addPipelines(1, 42);
    addPipelines(1, 7, 'success', 'trigger');
    try {
      const h = { 'private-token': gl.token };
      const list = (await (await fetch(`${gl.url}/api/v4/projects/${encodeURIComponent(gl.project)}/pipelines?source=schedule`, { headers: h })).json()) as { id: number; duration?: unknown }[];
      expect(list).toHaveLength(1);
      expect(list[0]!.duration).toBeUndefined();
      const one = (await (await fetch(`${gl.url}/api/v4/projects/${encodeURIComponent(gl.project)}/pipelines/${list[0]!.id}`, { headers: h })).json()) as { duration: number; queued_duration: number };
      expect(one).toMatchObject({ duration: 42, queued_duration: 20 });
    } finally {
      gl.state.project.pipelines = [];
    }
  });
});

describe('gfa doctor --forge gitlab: expiry and the trigger owner', () => {
  it('warns a month ahead about the owner token and the trigger token, and errs on a blocked trigger owner', async () => {
    const grant = gl.state.tokens.get(gl.token)!;
    const trigger = gl.state.project.triggers[0]!;
    const soon = new Date(Date.now() + 12 * DAY).toISOString().slice(0, 10);
    grant.expiresAt = soon;
    trigger.expires_at = soon;
    try {
      const cs = await checks();
      expect(find(cs, 'token-expiry')).toMatchObject({ status: 'warn', message: expect.stringContaining(`expires on ${soon}`) });
      expect(find(cs, 'trigger-token-expiry')).toMatchObject({ status: 'warn', message: expect.stringMatching(/browser credential.*expires on/) });
      grant.expiresAt = undefined;
      trigger.expires_at = new Date(Date.now() - DAY).toISOString().slice(0, 10);
      expect(find(await checks(), 'trigger-token-expiry')?.status).toBe('error');
      trigger.expires_at = null;
      gl.state.users.push({ id: 77, username: 'left', name: 'Left', state: 'blocked' });
      const owner = trigger.ownerId;
      trigger.ownerId = 77;
      try {
        expect(find(await checks(), 'trigger-token-owner')).toMatchObject({ status: 'error', message: expect.stringMatching(/owner left is blocked/) });
      } finally {
        trigger.ownerId = owner;
      }
    } finally {
      grant.expiresAt = undefined;
      trigger.expires_at = null;
    }
  });

  it('the double answers GET /personal_access_tokens/self and refuses an expired token', async () => {
    const grant = gl.state.tokens.get(gl.token)!;
    const self = async () => fetch(`${gl.url}/api/v4/personal_access_tokens/self`, { headers: { 'private-token': gl.token } });
    expect(await (await self()).json()).toMatchObject({ active: true, revoked: false, expires_at: null, user_id: 1 });
    grant.expiresAt = new Date(Date.now() - DAY).toISOString().slice(0, 10);
    try {
      expect((await self()).status).toBe(401);
    } finally {
      grant.expiresAt = undefined;
    }
  });
});

describe('first runs', () => {
  const fake = (url: string, rows: { id: number; status: string }[]): GitlabApi =>
    ({ url, project: 'g/p', api: { Pipelines: { all: async () => rows } }, read: (_w: string, call: () => Promise<unknown>) => call() }) as unknown as GitlabApi;
  it('on GitLab.com, pipelines that all failed point at identity verification; elsewhere not', async () => {
    expect(await gitlabFirstRunCheck(fake('https://gitlab.com', [{ id: 1, status: 'failed' }]))).toMatchObject({ status: 'warn', message: expect.stringMatching(/verify their identity.*identity_verification/) });
    expect((await gitlabFirstRunCheck(fake('https://git.example.org', [{ id: 1, status: 'failed' }]))).message).not.toMatch(/identity/);
    expect((await gitlabFirstRunCheck(fake('https://gitlab.com', [{ id: 1, status: 'failed' }, { id: 2, status: 'success' }]))).status).toBe('ok');
  });
});
