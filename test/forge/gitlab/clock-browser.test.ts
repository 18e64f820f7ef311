/**
 * The rss-reader on `gfa dev --as gitlab` with a runner start above 0 (issue 21), in Chromium with web
 * security on, pipelines through gitlab-ci-local: quick changes batched into one pipeline, a reload
 * while pending, a pipeline that fails before its result reported within seconds. A test double of
 * GitLab, not GitLab.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFeedServer, type FeedServer } from '../../../apps/rss-reader/samples/feed-server.ts';
import type { GitlabDev } from '../../../framework/dev/gitlab/server.ts';
import { launchBrowser } from '../../helpers/browser.ts';
import { runClockScenario } from '../../helpers/clock-scenario.ts';
import { gfaGitlab, startEmulator } from './helpers.ts';

const PASSPHRASE = 'clock scenario passphrase on the gitlab double';
const RUNNER_START_MS = 1500;
let gl: GitlabDev;
let feeds: FeedServer;
let browser: Browser;

beforeAll(async () => {
  process.env.RSS_ALLOW_LOOPBACK = '1';
  [gl, feeds, browser] = await Promise.all([startEmulator({ runnerStartMs: RUNNER_START_MS }), startFeedServer(), launchBrowser()]);
  const passFile = join(mkdtempSync(join(tmpdir(), 'gfa-gl-clock-')), 'passphrase');
  writeFileSync(passFile, `${PASSPHRASE}\n`);
  const deployed = await gfaGitlab(gl, 'deploy', ['--passphrase-file', passFile, '--yes'], {}, null);
  expect(deployed.code, deployed.stderr).toBe(0);
  await gl.idle();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await feeds?.close();
  await gl?.close();
});

describe('the page on the GitLab double’s clock', () => {
  it('batches quick changes, keeps one across a reload, reports a failed pipeline at once', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' && !/Failed to load resource: .* 404/.test(m.text())) problems.push(`console: ${m.text()}`);
    });
    await page.goto(gl.pagesUrl);
    await page.getByLabel('Passphrase').fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByLabel('Feed URL').waitFor({ state: 'visible', timeout: 30_000 });
    await page.getByLabel('Feed URL').fill(feeds.feeds.find((f) => f.includes('harbor-notes'))!);
    await page.getByRole('button', { name: 'Add feed' }).click();
    await expect.poll(() => page.locator('#items li.item').count(), { timeout: 90_000 }).toBeGreaterThanOrEqual(4);
    const p = gl.state.project;
    const ofJob = (job: string) => p.pipelines.filter((x) => x.source === 'trigger' && x.inputs.job === job);
    const timings = await runClockScenario({
      page,
      passphrase: PASSPHRASE,
      runnerStartMs: RUNNER_START_MS,
      runs: (job) => ofJob(job).length,
      breakRuns() {
        const v = p.variables.find((x) => x.key === 'GFA_SECRET_KEY')!;
        const good = v.value;
        v.value = 'not-a-key';
        return () => void (v.value = good);
      },
      failedAt: (job) => {
        const f = ofJob(job).filter((x) => x.status === 'failed').at(-1);
        return f?.finished_at ? Date.parse(f.finished_at) : undefined;
      },
    });
    expect(timings.confirmed).toBeGreaterThanOrEqual(RUNNER_START_MS);
    expect(problems).toEqual([]);
    if (process.env.GFA_E2E_DEBUG) process.stderr.write(`${JSON.stringify(timings)}\n`);
  }, 300_000);
});
