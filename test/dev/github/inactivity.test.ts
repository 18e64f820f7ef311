/**
 * GitHub's 60-day rule, survived: 150 simulated days on the GitHub double's manual clock (a test double
 * of GitHub, not GitHub; the rule: "In a public repository, scheduled workflows are automatically
 * disabled when no repository activity has occurred in 60 days",
 * https://docs.github.com/en/actions/reference/workflows-and-actions/events-that-trigger-workflows#schedule).
 * With the generated gfa-keepalive.yml the daily schedule runs all 150 days; without it the same app,
 * whose data branch is pushed by the workflow token every week, stops after day 60.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { Manifest } from '../../../framework/app/manifest.ts';
import { KEEPALIVE_WORKFLOW } from '../../../framework/contract.ts';
import { manualClock } from '../../../framework/dev/clock.ts';
import { startGithubEmulator, type GithubEmulator } from '../../../framework/dev/github/server.ts';
import { INACTIVITY_DAYS, recordActivity, scheduleAlive } from '../../../framework/dev/github/inactivity.ts';
import type { Repo } from '../../../framework/dev/github/state.ts';
import { firesBetween } from '../../../framework/dev/github/schedule-tick.ts';
import { generateGithub, toModel } from '../../../framework/pipeline/index.ts';

const exec = promisify(execFile);
const DAY = 86_400_000;
const CRON = '17 6 * * 1,4';
const START = Date.UTC(2026, 11, 7);

/** A one-job app: `tick` runs twice a week at 06:17 UTC and only prints (twice a week keeps the test short). */
const manifest = {
  name: 'ticker', store: { branch: 'data', encrypt: false, history: 'squash' },
  jobs: { tick: { name: 'tick', schedules: [CRON], events: [], secrets: [] } },
} as unknown as Manifest;

/** Pushes `files` as one commit to `branch` with `token` (through the environment, never argv). */
async function push(emu: GithubEmulator, token: string, branch: string, files: Record<string, string>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'gfa-inactivity-'));
  try {
    for (const [path, text] of Object.entries(files)) {
      await mkdir(dirname(join(dir, path)), { recursive: true });
      await writeFile(join(dir, path), text);
    }
    const env = {
      ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@localhost', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@localhost',
      GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'http.extraHeader', GIT_CONFIG_VALUE_0: `Authorization: Basic ${Buffer.from(`x-access-token:${token}`).toString('base64')}`,
    };
    await exec('git', ['init', '--quiet', '-b', branch], { cwd: dir, env });
    await exec('git', ['add', '-A'], { cwd: dir, env });
    await exec('git', ['commit', '--quiet', '-m', 'snapshot'], { cwd: dir, env });
    await exec('git', ['push', '--quiet', '--force', `${emu.url}/owner/app.git`, `HEAD:refs/heads/${branch}`], { cwd: dir, env });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The days (from START) on which `tick` is due in the first `days` days. */
const dueDays = (days: number): number[] => firesBetween(CRON, START, START + days * DAY).map((at) => Math.floor((at - START) / DAY));

/** Runs `days` simulated days; returns the days on which `tick` ran and the workflows' final states. */
async function simulate(keepalive: boolean, days: number): Promise<{ tickDays: number[]; keepaliveRuns: number; states: Record<string, string>; log: string }> {
  const clock = manualClock(START);
  const emu = await startGithubEmulator({ clock });
  try {
    const repo = await emu.addRepo('owner/app', { visibility: 'public' });
    const owner = emu.addToken(['owner/app'], { actions: 'write', contents: 'write' });
    // The data job's pushes come from a workflow's GITHUB_TOKEN (an installation token).
    const workflowToken = `ghs_${randomBytes(12).toString('hex')}`;
    emu.state.tokens.set(workflowToken, { repos: ['owner/app'], permissions: { contents: 'write' }, kind: 'installation', login: 'github-actions[bot]' });
    const workflows = generateGithub(toModel(manifest)).filter((f) => keepalive || !f.path.endsWith(KEEPALIVE_WORKFLOW));
    await push(emu, owner, 'main', { ...Object.fromEntries(workflows.map((f) => [f.path, f.content])), 'dist/jobs/tick.mjs': "console.log('ticked');\n" });
    const dayOf = new Map<number, number>();
    for (let day = 0; day < days; day++) {
      await clock.advance(DAY);
      for (const id of await emu.tickSchedules('owner/app')) dayOf.set(id, day);
      await emu.idle();
      if (day % 7 === 3) await push(emu, workflowToken, 'data', { 'results/x': `day ${day}\n` });
    }
    const runs = (file: string) => repo.runs.filter((r) => r.path === `.github/workflows/${file}` && r.event === 'schedule');
    const tickDays = runs('gfa-tick.yml').map((r) => dayOf.get(r.id)!);
    expect(runs('gfa-tick.yml').every((r) => r.conclusion === 'success' && r.log.includes('ticked'))).toBe(true);
    const states = Object.fromEntries(['gfa-tick.yml', KEEPALIVE_WORKFLOW].map((f) => [f, repo.workflowStates.get(f) ?? 'active']));
    return { tickDays, keepaliveRuns: runs(KEEPALIVE_WORKFLOW).length, states, log: runs(KEEPALIVE_WORKFLOW).at(-1)?.log ?? '' };
  } finally {
    await emu.close();
  }
}

describe('GitHub double: the 60-day rule and gfa-keepalive.yml', () => {
  it('with the keep-alive, the schedule runs at every fire of 150 simulated days', async () => {
    const r = await simulate(true, 150);
    expect(r.tickDays).toEqual(dueDays(150));
    expect(r.tickDays.at(-1)).toBeGreaterThan(145);
    expect(r.keepaliveRuns).toBe(21);
    expect(r.states).toEqual({ 'gfa-tick.yml': 'active', [KEEPALIVE_WORKFLOW]: 'active' });
    expect(r.log).toContain('gfa-tick.yml: enabled (was active)');
  }, 240_000);

  it('without it, the schedule stops after 60 days although the workflow token pushes the data branch weekly', async () => {
    const r = await simulate(false, 150);
    expect(r.tickDays).toEqual(dueDays(150).filter((d) => d < INACTIVITY_DAYS));
    expect(r.tickDays.at(-1)).toBeGreaterThan(INACTIVITY_DAYS - 5);
    expect(r.states['gfa-tick.yml']).toBe('disabled_inactivity');
  }, 240_000);

  it('counts a person’s push, not a workflow token’s; private repositories have no such rule', () => {
    const t0 = Date.UTC(2026, 0, 1);
    const repo = { visibility: 'public', createdAt: new Date(t0).toISOString(), workflowStates: new Map(), enabledAt: new Map() } as unknown as Repo;
    recordActivity(repo, t0 + 30 * DAY, { kind: 'installation', repos: [], permissions: {}, login: 'github-actions[bot]' });
    expect(scheduleAlive(repo, 'gfa-x.yml', t0 + 59 * DAY)).toBe(true);
    expect(scheduleAlive(repo, 'gfa-x.yml', t0 + 61 * DAY)).toBe(false);
    expect(repo.workflowStates.get('gfa-x.yml')).toBe('disabled_inactivity');
    repo.workflowStates.clear();
    recordActivity(repo, t0 + 30 * DAY, { kind: 'user', repos: [], permissions: {}, login: 'owner' });
    expect(scheduleAlive(repo, 'gfa-x.yml', t0 + 61 * DAY)).toBe(true);
    const priv = { ...repo, visibility: 'private' } as Repo;
    expect(scheduleAlive(priv, 'gfa-x.yml', t0 + 400 * DAY)).toBe(true);
  });
});
