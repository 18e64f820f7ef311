/**
 * `gfa doctor`'s budget on the GitHub double (a test double, not GitHub): the minutes the schedules
 * imply from the recorded durations of recent scheduled runs against the owner's plan, with the day
 * the quota runs out; the expiry of the browser credential read from the
 * `GitHub-Authentication-Token-Expiration` header; the 60-day rule with and without gfa-keepalive.yml.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readingsFile } from '../../framework/forge/doctor-growth.ts';
import { githubForge } from '../../framework/forge/github/forge.ts';
import type { Check } from '../../framework/forge/types.ts';
import type { Run } from '../../framework/dev/github/state.ts';
import { startGithubFixture, type GithubFixture } from './helpers/github.ts';

const DAY = 86_400_000;
let fx: GithubFixture;
beforeAll(async () => {
  fx = await startGithubFixture('dev-app', { visibility: 'private' });
}, 60_000);
afterAll(async () => fx?.stop());

const repo = () => fx.emu.state.repos.get('owner/app')!;
const doctor = (dispatchToken?: string): Promise<Check[]> =>
  githubForge({ forge: 'github', repo: fx.repo }, { token: fx.ownerToken, apiUrl: fx.emu.apiUrl, branch: 'data', ...(dispatchToken ? { dispatchToken } : {}) }).doctor({ appDir: fx.dir, manifest: fx.manifest });
const find = (checks: Check[], id: string): Check | undefined => checks.find((c) => c.id === id);

/** Scheduled runs of gfa-bump.yml that each took `seconds`. */
function recordRuns(seconds: number[]): void {
  for (const [i, s] of seconds.entries()) {
    const start = Date.now() - (i + 1) * 3_600_000;
    const run: Run = {
      id: 500_000 + i, runNumber: 100 + i, path: '.github/workflows/gfa-bump.yml', event: 'schedule', headSha: 'a'.repeat(40), headBranch: 'main',
      status: 'completed', conclusion: 'success', createdAt: new Date(start - 5000).toISOString(), startedAt: new Date(start).toISOString(), updatedAt: new Date(start + s * 1000).toISOString(), log: '',
    };
    repo().runs.push(run);
  }
}

describe('gfa doctor: minutes', () => {
  it('a private repository on Free: */15 runs of about 2½ minutes bill 3 each, over 2,000: warns with the day the quota runs out', async () => {
    recordRuns([140, 150, 155]);
    try {
      const m = find(await doctor(), 'minutes')!;
      expect(m.status).toBe('warn');
      // 96 runs a day × 30 days × 3 minutes ≈ 8,640 minutes; 2,000 last about 7 days into the month.
      expect(m.message).toMatch(/about 8,[56]\d\d of the 2,000 minutes a month GitHub Free includes/);
      expect(m.message).toMatch(/median of 3 recent runs: 150 s/);
      const day = Number(/runs out on \d{4}-\d\d-(\d\d)/.exec(m.message)![1]);
      expect(day).toBeGreaterThanOrEqual(7);
      expect(day).toBeLessThanOrEqual(8);
    } finally {
      repo().runs = repo().runs.filter((r) => r.id < 500_000);
    }
  });

  it('reads the owner\'s plan: on Enterprise (50,000) the same schedule is fine', async () => {
    fx.emu.state.userPlans = { owner: 'enterprise' };
    try {
      expect(find(await doctor(), 'minutes')).toMatchObject({ status: 'ok', message: expect.stringMatching(/of the 50,000 minutes a month GitHub Enterprise includes/) });
    } finally {
      fx.emu.state.userPlans = undefined;
    }
  });

  it('a public repository is not metered', async () => {
    repo().visibility = 'public';
    try {
      expect(find(await doctor(), 'minutes')).toMatchObject({ status: 'ok', message: expect.stringMatching(/not metered: Actions on standard GitHub-hosted runners are free for public repositories/) });
    } finally {
      repo().visibility = 'private';
    }
  });
});

describe('gfa doctor: the browser credential\'s expiry', () => {
  it('warns a month ahead with the date, warns when GitHub refuses it (expired), and says when there is no expiry', async () => {
    const soon = Date.now() + 10 * DAY;
    const expiring = fx.emu.addToken(['owner/app'], { actions: 'write', contents: 'read' }, 'owner', soon);
    const warn = find(await doctor(expiring), 'dispatch-token-expiry')!;
    expect(warn).toMatchObject({ status: 'warn', message: expect.stringContaining(`expires on ${new Date(soon).toISOString().slice(0, 10)}, in 9 days`) });
    const later = fx.emu.addToken(['owner/app'], { actions: 'write', contents: 'read' }, 'owner', Date.now() + 90 * DAY);
    expect(find(await doctor(later), 'dispatch-token-expiry')?.status).toBe('ok');
    expect(find(await doctor(fx.dispatchToken), 'dispatch-token-expiry')).toMatchObject({ status: 'ok', message: 'the browser credential has no expiry date' });
    const gone = fx.emu.addToken(['owner/app'], { actions: 'write', contents: 'read' }, 'owner', Date.now() - DAY);
    expect(find(await doctor(gone), 'dispatch-token-expiry')).toMatchObject({ status: 'warn', message: expect.stringMatching(/refused/) });
    expect(find(await doctor(), 'token-expiry')).toMatchObject({ status: 'ok' });
  });

  it('the double sends the header GitHub sends, and never exposes it to pages', async () => {
    const at = Date.UTC(2027, 2, 19, 5, 0, 0);
    const t = fx.emu.addToken(['owner/app'], { contents: 'read' }, 'owner', at);
    const res = await fetch(`${fx.emu.apiUrl}/repos/owner/app`, { headers: { authorization: `Bearer ${t}`, origin: 'https://owner.github.io' } });
    expect(res.headers.get('github-authentication-token-expiration')).toBe('2027-03-19 05:00:00 UTC');
    expect(res.headers.get('access-control-expose-headers') ?? '').not.toMatch(/authentication-token-expiration/i);
  });
});

describe('gfa doctor: first runs', () => {
  it('names a fork and a workflow GitHub left off there, and a workflow turned off by hand', async () => {
    repo().fork = true;
    repo().workflowStates.set('gfa-bump.yml', 'disabled_fork');
    try {
      const cs = await doctor();
      expect(find(cs, 'first-run')).toMatchObject({ status: 'warn', message: expect.stringMatching(/is a fork: GitHub disables scheduled workflows in forks/) });
      expect(find(cs, 'workflow:gfa-bump.yml')).toMatchObject({ status: 'error', message: expect.stringMatching(/^disabled_fork: this is a fork/) });
      repo().fork = false;
      repo().workflowStates.set('gfa-bump.yml', 'disabled_manually');
      const again = await doctor();
      expect(find(again, 'first-run')).toBeUndefined();
      expect(find(again, 'workflow:gfa-bump.yml')?.message).toMatch(/^disabled_manually: turned off by hand/);
    } finally {
      repo().fork = false;
      repo().workflowStates.clear();
    }
  });
});

describe('gfa doctor: storage', () => {
  it('reports the repository\'s size and the built site against GitHub\'s figures', async () => {
    const cs = await doctor();
    expect(find(cs, 'storage')).toMatchObject({ status: 'ok', message: expect.stringMatching(/^the repository is \d+(\.\d)? (kB|MB).*under the 1\.00 GB GitHub recommends/) });
    // The double reports its bare repository's size on disk: more than the 1 kB placeholder it had.
    const [, n, unit] = /is ([\d.]+) (kB|MB)/.exec(find(cs, 'storage')!.message)!;
    expect(Number(n) * (unit === 'MB' ? 1000 : 1)).toBeGreaterThan(10);
    expect(find(cs, 'pages-size')).toMatchObject({ status: 'ok', message: expect.stringMatching(/dist\/pages\) is .* of the 1\.00 GB a GitHub Pages site may be/) });
  });

  it('keeps a daily reading of the size and reports the growth since one 10 days old', async () => {
    const file = readingsFile(fx.dir);
    rmSync(file, { force: true });
    expect(find(await doctor(), 'storage-growth')!.message).toMatch(/^growth not known yet/);
    const [today] = (JSON.parse(readFileSync(file, 'utf8')) as Record<string, { at: string; repoBytes: number }[]>)['github:owner/app']!;
    // As if doctor had run 10 days ago, when the repository was 2 MB smaller.
    writeFileSync(file, JSON.stringify({ 'github:owner/app': [{ at: new Date(Date.now() - 10 * DAY).toISOString(), repoBytes: today!.repoBytes - 2_000_000 }] }));
    expect(find(await doctor(), 'storage-growth')).toEqual({ id: 'storage-growth', status: 'ok', message: expect.stringMatching(/^the repository grew 2\.0 MB in 10 days \(about 6\.0 MB a month\): at that rate the 1\.00 GB GitHub recommends is more than 180 days away$/) });
  });
});

describe('gfa doctor: the 60-day rule', () => {
  it('is ok while gfa-keepalive.yml is active, and warns with the date when it is disabled', async () => {
    repo().visibility = 'public';
    try {
      expect(find(await doctor(), 'inactivity')).toMatchObject({ status: 'ok' });
      repo().workflowStates.set('gfa-keepalive.yml', 'disabled_manually');
      const w = find(await doctor(), 'inactivity')!;
      expect(w).toMatchObject({ status: 'warn', message: expect.stringMatching(/as soon as \d{4}-\d\d-\d\d.*gfa-keepalive.yml is disabled_manually/) });
    } finally {
      repo().visibility = 'private';
      repo().workflowStates.clear();
    }
  });

  it('every exchange matched GitHub\'s OpenAPI description', () => {
    expect(fx.recorder.problems).toEqual([]);
  });
});
