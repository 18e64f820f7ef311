/**
 * The GitHub adapters on the GitHub emulator (a test double of GitHub; nothing here ran on GitHub):
 * deploy (twice: the second sends no write), the shared client suite, trigger → result request counts,
 * and every REST exchange checked against GitHub's OpenAPI description.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { githubClientForge } from '../../framework/forge/github/client.ts';
import { githubForge } from '../../framework/forge/github/forge.ts';
import type { DeployReport, Forge } from '../../framework/forge/types.ts';
import { connect } from '../../framework/client/index.ts';
import { runForgeSuite } from '../client/forge-suite.ts';
import { runServerForgeSuite } from './suite.ts';
import { WEAK_KDF } from '../dev/helpers/fixture.ts';
import { startGithubFixture, type GithubFixture } from './helpers/github.ts';

const PASS = 'correct horse battery staple';
let fx: GithubFixture;
let forge: Forge;
let first: DeployReport;
const lines: string[] = [];

beforeAll(async () => {
  fx = await startGithubFixture();
  forge = githubForge({ forge: 'github', repo: fx.repo }, { token: fx.ownerToken, apiUrl: fx.emu.apiUrl, branch: 'data' });
  first = await forge.deploy({ appDir: fx.dir, manifest: fx.manifest, passphrase: PASS, dispatchToken: fx.dispatchToken, kdf: WEAK_KDF, progress: (l) => lines.push(l) });
}, 60_000);
afterAll(async () => fx?.stop());

describe('gfa deploy on the GitHub emulator', () => {
  it('creates the sealed secret, commits the keys file and enables Pages', async () => {
    expect(first.newSecretKey).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    const repo = fx.emu.state.repos.get('owner/app')!;
    // The emulator opened the sealed value with its private key: the sealing really was checked.
    expect(repo.secrets.get('GFA_SECRET_KEY')?.value).toBe(first.newSecretKey);
    expect(repo.pages?.buildType).toBe('workflow');
    expect(first.pagesUrl).toBe(`${fx.emu.pagesUrl}/owner/app/`);
    expect(first.writes).toBe(3);
    expect(lines.join('\n')).toMatch(/secret GFA_SECRET_KEY: created[\s\S]*anyone with push access to [^\n]* can read it[\s\S]*keys.json: created[\s\S]*Pages: enabled/);
    for (const l of lines) expect(l).not.toContain(fx.dispatchToken);
  });

  it('a second run sends no write request and keeps the secret', async () => {
    const again = githubForge({ forge: 'github', repo: fx.repo }, { token: fx.ownerToken, apiUrl: fx.emu.apiUrl });
    const before = fx.recorder.exchanges.length;
    const report = await again.deploy({ appDir: fx.dir, manifest: fx.manifest, passphrase: PASS, kdf: WEAK_KDF, progress: () => {} });
    expect(report.writes).toBe(0);
    expect(report.newSecretKey).toBeUndefined();
    expect(fx.recorder.exchanges.slice(before).filter((x) => x.method !== 'GET')).toEqual([]);
  });

  it('refuses a wrong passphrase for the existing keys file', async () => {
    await expect(forge.deploy({ appDir: fx.dir, manifest: fx.manifest, passphrase: 'wrong', kdf: WEAK_KDF, progress: () => {} })).rejects.toMatchObject({ code: 'E_PASSPHRASE' });
  });
});

runForgeSuite('github (emulator)', () => ({
  forge: githubClientForge({ owner: 'owner', repo: 'app', api: fx.emu.apiUrl, token: fx.dispatchToken }),
  credential: fx.dispatchToken,
  job: { name: 'bump' },
}));

runServerForgeSuite('github (emulator)', () => ({
  forge: githubForge({ forge: 'github', repo: fx.repo }, { token: fx.ownerToken, apiUrl: fx.emu.apiUrl, branch: 'data', passphrase: PASS }),
  appDir: fx.dir,
  manifest: fx.manifest,
  deploy: { passphrase: PASS, kdf: WEAK_KDF },
  job: { name: 'bump', input: { by: 3 } },
}));

describe('gfa trigger on the GitHub emulator', () => {
  it('dispatches with return_run_details and returns the run URL', async () => {
    const { runUrl } = await forge.trigger({ job: 'bump', requests: [{ requestId: 'cli-1', input: { by: 2 } }] });
    expect(runUrl).toMatch(new RegExp(`^${fx.emu.url}/owner/app/actions/runs/\\d+$`));
    await fx.emu.idle();
    const run = fx.emu.state.repos.get('owner/app')!.runs.at(-1)!;
    expect(run.conclusion, run.log).toBe('success');
  });
});

describe('the browser client on the GitHub emulator', () => {
  it('trigger → result costs at most 4 rate-limited requests; an idle page none', async () => {
    const client = connect({ forge: 'github', owner: 'owner', repo: 'app', api: fx.emu.apiUrl });
    await client.unlock(PASS, { allowWeak: true });
    await client.kv.list('counter/'); // the page's first read
    const who = `token:${fx.dispatchToken}`;
    const used = (): number => fx.emu.limits.usedBy(who);
    const start = used();
    const job = await client.trigger<{ n: number }>('bump', { by: 1 });
    const { n } = await job.result();
    expect(n).toBeGreaterThan(0);
    expect(used() - start).toBeLessThanOrEqual(4);
    const idle = used();
    await new Promise((r) => setTimeout(r, 1500));
    expect(used()).toBe(idle);
  });
});

describe('one run for many clicks on the GitHub emulator (issue 21)', () => {
  it('ten quick triggers start one run; every request gets its own result; the counter moves by ten', async () => {
    const client = connect({ forge: 'github', owner: 'owner', repo: 'app', api: fx.emu.apiUrl });
    await client.unlock(PASS, { allowWeak: true });
    await fx.emu.idle();
    const runs = () => fx.emu.state.repos.get('owner/app')!.runs.filter((r) => r.path === '.github/workflows/gfa-bump.yml').length;
    const before = runs();
    const start = Number((await client.kv.get('counter/n')) ?? 0);
    const jobs = await Promise.all(Array.from({ length: 10 }, () => client.trigger<{ n: number }>('bump', { by: 1 })));
    expect(new Set(jobs.map((j) => j.requestId)).size).toBe(10);
    expect(client.pending()).toHaveLength(10);
    const ns = (await Promise.all(jobs.map((j) => j.result()))).map((r) => r.n).sort((a, b) => a - b);
    expect(ns).toEqual(Array.from({ length: 10 }, (_, i) => start + i + 1));
    expect(runs() - before).toBe(1);
    expect(client.pending()).toEqual([]);
  }, 60_000);
});

describe('a browser credential out of quota (issue 21)', () => {
  it('one line that says until when, without waiting the hour', async () => {
    const lines: string[] = [];
    const client = connect({ forge: 'github', owner: 'owner', repo: 'app', api: fx.emu.apiUrl, onWait: (l) => lines.push(l) });
    await client.unlock(PASS, { allowWeak: true });
    const who = `token:${fx.dispatchToken}`;
    const used = fx.emu.limits.usedBy(who);
    fx.emu.limits.set(who, 5000);
    try {
      const started = Date.now();
      await expect(client.kv.list('counter/')).rejects.toThrow(/^GitHub's rate limit is used up until \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ; try again then$/);
      expect(Date.now() - started).toBeLessThan(5000);
      expect(lines).toEqual([]);
    } finally {
      fx.emu.limits.set(who, used);
    }
  });
});

describe('GitHub OpenAPI description', () => {
  it('every request and answer matched it', () => {
    expect(fx.recorder.exchanges.length).toBeGreaterThan(10);
    expect(fx.recorder.problems).toEqual([]);
  });
});
