/**
 * End to end on the GitLab emulator (`gfa dev --as gitlab`, a test double of GitLab, not GitLab), in
 * headless Chromium: `gfa deploy --forge gitlab`, the push pipeline publishes the rss-reader's Pages
 * site (another origin than the API), the page finds its project from what the Pages job wrote,
 * unlocks with the owner passphrase, adds a feed served on 127.0.0.1; the trigger runs the generated
 * pipeline through gitlab-ci-local, whose job pushes the data branch with CI_JOB_TOKEN; the items appear.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFeedServer, type FeedServer } from '../../../apps/rss-reader/samples/feed-server.ts';
import type { GitlabDev } from '../../../framework/dev/gitlab/server.ts';
import { launchBrowser } from '../../helpers/browser.ts';
import { gfaGitlab, startEmulator } from './helpers.ts';

const PASSPHRASE = 'gitlab end to end passphrase';
let gl: GitlabDev;
let feeds: FeedServer;
let browser: Browser;
const timings: Record<string, number> = {};

beforeAll(async () => {
  let t = Date.now();
  // The reader refuses loopback feed URLs unless the machine opts in; the emulated runner inherits this environment.
  process.env.RSS_ALLOW_LOOPBACK = '1';
  [gl, feeds, browser] = await Promise.all([startEmulator({ log: process.env.GFA_DEBUG ? (l) => process.stderr.write(`${l}\n`) : undefined }), startFeedServer(), launchBrowser()]);
  timings.start = Date.now() - t;
  t = Date.now();
  const passFile = join(mkdtempSync(join(tmpdir(), 'gfa-gl-e2e-')), 'passphrase');
  writeFileSync(passFile, `${PASSPHRASE}\n`);
  // The real Argon2id limits (MODERATE): the page refuses weaker ones.
  const deployed = await gfaGitlab(gl, 'deploy', ['--passphrase-file', passFile, '--yes'], {}, null);
  expect(deployed.code, deployed.stderr).toBe(0);
  await gl.idle();
  timings.deploy = Date.now() - t;
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await feeds?.close();
  await gl?.close();
});

describe('rss-reader on the GitLab emulator, in Chromium', () => {
  it('deploys, unlocks, adds a feed; the triggered pipeline pushes and the items appear', async () => {
    const t = Date.now();
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      // 404s are the data branch and results/<requestId> not existing yet while the SDK polls.
      if (m.type() === 'error' && !/Failed to load resource: .* 404/.test(m.text())) problems.push(`console: ${m.text()}`);
    });
    await page.goto(gl.pagesUrl);
    await page.getByLabel('Passphrase').fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByLabel('Feed URL').waitFor({ state: 'visible', timeout: 30_000 });
    timings.unlock = Date.now() - t;

    const url = feeds.feeds.find((f) => f.includes('harbor-notes'))!;
    await page.getByLabel('Feed URL').fill(url);
    await page.getByRole('button', { name: 'Add feed' }).click();
    await expect.poll(() => page.locator('#items li.item').count(), { timeout: 45_000, interval: 500 }).toBeGreaterThan(0);
    timings.addFeed = Date.now() - t - timings.unlock;
    expect(await page.getByRole('button', { name: /^Harbor Notes, \d+ unread$/ }).count()).toBe(1);
    expect(await page.locator('#items li.item').count()).toBe(4);

    const trigger = gl.state.project.pipelines.filter((p) => p.source === 'trigger');
    expect(trigger.map((p) => [p.status, p.jobs])).toEqual([['success', ['gfa-add-feed']]]);
    expect(trigger[0]!.inputs.job).toBe('add-feed');
    const { stdout } = await promisify(execFile)('git', ['--git-dir', gl.repoDir, 'ls-tree', '-r', '--name-only', 'data']);
    expect(stdout).toMatch(/^feeds\/[0-9a-f]{16}\/items\.json$/m);
    expect(problems).toEqual([]);
    await page.close();

    const doctor = await gfaGitlab(gl, 'doctor');
    expect(doctor.code, doctor.stdout).toBe(0);
    process.stderr.write(`gitlab e2e timings (ms): ${JSON.stringify(timings)}\n`);
  }, 90_000);
});
