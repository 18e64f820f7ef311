/**
 * `gfa doctor` on the GitHub emulator (a test double): clean after deploy, then each failure set up on
 * the emulator and named: Actions off, a disabled workflow, a missing secret, Pages off, a browser
 * credential that can push, a missing keys file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { githubForge } from '../../framework/forge/github/forge.ts';
import type { Check } from '../../framework/forge/types.ts';
import { WEAK_KDF } from '../dev/helpers/fixture.ts';
import { startGithubFixture, type GithubFixture } from './helpers/github.ts';

const PASS = 'doctor passphrase';
let fx: GithubFixture;

beforeAll(async () => {
  fx = await startGithubFixture();
  const forge = githubForge({ forge: 'github', repo: fx.repo }, { token: fx.ownerToken, apiUrl: fx.emu.apiUrl });
  await forge.deploy({ appDir: fx.dir, manifest: fx.manifest, passphrase: PASS, dispatchToken: fx.dispatchToken, kdf: WEAK_KDF, progress: () => {} });
}, 60_000);
afterAll(async () => fx?.stop());

const doctor = (options: { passphrase?: string; dispatchToken?: string } = { passphrase: PASS }): Promise<Check[]> =>
  githubForge({ forge: 'github', repo: fx.repo }, { token: fx.ownerToken, apiUrl: fx.emu.apiUrl, branch: 'data', ...options }).doctor({ appDir: fx.dir, manifest: fx.manifest });
const errors = (checks: Check[]): string[] => checks.filter((c) => c.status === 'error').map((c) => `${c.id}: ${c.message}`);
const repo = () => fx.emu.state.repos.get('owner/app')!;

describe('gfa doctor on the GitHub emulator', () => {
  it('is clean after deploy, and checks what the issue lists', async () => {
    const checks = await doctor();
    expect(errors(checks)).toEqual([]);
    const ids = checks.map((c) => c.id);
    for (const id of ['token', 'actions-enabled', 'workflow:gfa-bump.yml', 'secret', 'pages', 'schedule:bump', 'inactivity', 'keys-file', 'dispatch-token', 'results']) expect(ids).toContain(id);
    expect(checks.find((c) => c.id === 'dispatch-token')).toMatchObject({ status: 'ok' });
    expect(checks.find((c) => c.id === 'inactivity')).toMatchObject({ status: 'ok', message: expect.stringMatching(/gfa-keepalive.yml re-enables the schedules every week/) });
  });

  it('names Actions turned off (a fork) and a workflow disabled for inactivity', async () => {
    repo().actionsEnabled = false;
    repo().workflowStates.set('gfa-bump.yml', 'disabled_inactivity');
    try {
      const e = errors(await doctor());
      expect(e).toContainEqual(expect.stringMatching(/^actions-enabled: Actions are disabled/));
      expect(e).toContainEqual(expect.stringMatching(/^workflow:gfa-bump.yml: disabled_inactivity: GitHub turned it off after 60 days.*enable it/));
    } finally {
      repo().actionsEnabled = true;
      repo().workflowStates.clear();
    }
  });

  it('names a missing secret and Pages off', async () => {
    const secret = repo().secrets.get('GFA_SECRET_KEY')!;
    const pages = repo().pages;
    repo().secrets.delete('GFA_SECRET_KEY');
    repo().pages = undefined;
    try {
      const e = errors(await doctor());
      expect(e).toContainEqual(expect.stringMatching(/^secret: the Actions secret GFA_SECRET_KEY is missing.*gfa deploy/));
      expect(e).toContainEqual(expect.stringMatching(/^pages: Pages is off/));
    } finally {
      repo().secrets.set('GFA_SECRET_KEY', secret);
      repo().pages = pages;
    }
  });

  it('names a browser credential that can push', async () => {
    const pushy = fx.emu.addToken(['owner/app'], { actions: 'write', contents: 'write' });
    const e = errors(await doctor({ dispatchToken: pushy }));
    expect(e).toEqual([expect.stringMatching(/^dispatch-token: the browser credential can push/)]);
  });

  it('warns about a browser credential with permissions the page never needs, and about the shared Pages origin (issue 19)', async () => {
    const clean = await doctor();
    expect(clean.find((c) => c.id === 'dispatch-token-scope')).toMatchObject({ status: 'ok' });
    // The double, like github.io without a custom domain, serves every repository's site from one origin.
    expect(clean.find((c) => c.id === 'pages-origin')).toMatchObject({ status: 'warn', message: expect.stringMatching(/shares its origin with the owner's other Pages sites, [^;]*; give it a custom domain/) });
    const broad = fx.emu.addToken(['owner/app'], { actions: 'write', contents: 'read', secrets: 'read', pages: 'read' });
    expect((await doctor({ dispatchToken: broad })).find((c) => c.id === 'dispatch-token-scope')).toMatchObject({ status: 'warn', message: expect.stringMatching(/^the browser credential also has Secrets: read, which the page never needs/) });
    const pages = repo().pages!;
    repo().pages = { ...pages, cname: 'reader.example.org' };
    try {
      expect((await doctor()).find((c) => c.id === 'pages-origin')).toMatchObject({ status: 'ok', message: 'the Pages site has an origin of its own (custom domain reader.example.org)' });
    } finally {
      repo().pages = pages;
    }
  });

  it('warns, not fails, when it cannot check the credential (no passphrase)', async () => {
    const checks = await doctor({});
    expect(checks.find((c) => c.id === 'dispatch-token')).toMatchObject({ status: 'warn' });
    expect(errors(checks)).toEqual([]);
  });

  it('warns about a cron at minute 0 and a schedule whose runs stopped', async () => {
    const manifest = structuredClone(fx.manifest);
    manifest.jobs.bump!.schedules = ['0 * * * *'];
    const forge = githubForge({ forge: 'github', repo: fx.repo }, { token: fx.ownerToken, apiUrl: fx.emu.apiUrl, passphrase: PASS });
    const zero = (await forge.doctor({ appDir: fx.dir, manifest })).find((c) => c.id === 'schedule:bump');
    expect(zero).toMatchObject({ status: 'warn', message: expect.stringMatching(/minute 0/) });
    // A scheduled run two days ago and none since, for a */15 cron: the schedule is not running.
    const old = new Date(Date.now() - 2 * 86_400_000).toISOString();
    repo().runs.push({ id: 999_999, runNumber: 1, path: '.github/workflows/gfa-bump.yml', event: 'schedule', headSha: 'a'.repeat(40), headBranch: 'main', status: 'completed', conclusion: 'success', createdAt: old, updatedAt: old, log: '' });
    try {
      const stale = (await doctor()).find((c) => c.id === 'schedule:bump');
      expect(stale).toMatchObject({ status: 'warn', message: expect.stringMatching(/later runs are missing/) });
    } finally {
      repo().runs.pop();
    }
  });

  it('on a private repository: the billed minutes the schedules imply, no inactivity rule', async () => {
    repo().visibility = 'private';
    try {
      const checks = await doctor();
      // */15 → 96 runs a day, each billed as a whole minute: about 2,880 in 30 days, over GitHub Free's 2,000.
      expect(checks.find((c) => c.id === 'minutes')).toMatchObject({ status: 'warn', message: expect.stringMatching(/about 2,(8[89]\d|9\d\d) of the 2,000 minutes a month GitHub Free includes .*runs out on \d{4}-\d\d-\d\d/) });
      expect(checks.find((c) => c.id === 'inactivity')).toBeUndefined();
    } finally {
      repo().visibility = 'public';
    }
  });

  it('every exchange matched GitHub\'s OpenAPI description', () => {
    expect(fx.recorder.problems).toEqual([]);
  });
});
