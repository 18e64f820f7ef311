/**
 * The rss-reader on `gfa dev --as github` with a runner start above 0 (issue 21), in Chromium with web
 * security on: quick changes batched into one run, a reload while pending, a run that fails before its
 * result reported within seconds. A test double of GitHub, not GitHub.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFeedServer, type FeedServer } from '../../../apps/rss-reader/samples/feed-server.ts';
import { startGithubDev, type GithubDev } from '../../../framework/dev/github/start.ts';
import { GFA_BIN, runProgram } from '../../build/helpers/fixture.ts';
import { launchBrowser } from '../../helpers/browser.ts';
import { runClockScenario } from '../../helpers/clock-scenario.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const PASS = 'clock scenario passphrase on the github double';
const RUNNER_START_MS = 1500;
let dir: string;
let dev: GithubDev;
let feeds: FeedServer;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(join(root, 'tmp'), { recursive: true });
  dir = mkdtempSync(join(root, 'tmp', 'rss-github-clock-'));
  cpSync(join(root, 'apps', 'rss-reader'), dir, { recursive: true, filter: (src) => !/[\\/](dist|\.gfa|node_modules)$/.test(src) });
  dev = await startGithubDev({ appDir: dir, log: () => {}, runnerEnv: { RSS_ALLOW_LOOPBACK: '1' }, runnerStartMs: RUNNER_START_MS });
  feeds = await startFeedServer();
  browser = await launchBrowser();
  const env = { GITHUB_API_URL: dev.emu.apiUrl, GITHUB_TOKEN: readFileSync(dev.ownerTokenFile, 'utf8').trim(), GFA_PASSPHRASE: PASS };
  const deployed = await runProgram(GFA_BIN, ['deploy', dir, '--forge', 'github', '--repo', dev.repo, '--dispatch-token-file', dev.dispatchTokenFile], { env });
  expect(deployed.code, deployed.stderr).toBe(0);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await feeds?.close();
  await dev?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the page on the GitHub double’s clock', () => {
  it('batches quick changes, keeps one across a reload, reports a failed run at once', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' && !/Failed to load resource: .* 404/.test(m.text())) problems.push(`console: ${m.text()}`);
    });
    await page.goto(`${dev.emu.pagesUrl}/${dev.repo}/`);
    await page.getByLabel('Passphrase').fill(PASS);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByLabel('Feed URL').waitFor({ state: 'visible', timeout: 30_000 });
    await page.getByLabel('Feed URL').fill(feeds.feeds.find((f) => f.includes('harbor-notes'))!);
    await page.getByRole('button', { name: 'Add feed' }).click();
    await expect.poll(() => page.locator('#items li.item').count(), { timeout: 60_000 }).toBeGreaterThanOrEqual(4);
    const repo = dev.emu.state.repos.get(dev.repo)!;
    const timings = await runClockScenario({
      page,
      passphrase: PASS,
      runnerStartMs: RUNNER_START_MS,
      runs: (job) => repo.runs.filter((r) => r.path === `.github/workflows/gfa-${job}.yml`).length,
      breakRuns() {
        const good = repo.secrets.get('GFA_SECRET_KEY')!;
        repo.secrets.set('GFA_SECRET_KEY', { ...good, value: 'not-a-key' });
        return () => repo.secrets.set('GFA_SECRET_KEY', good);
      },
      failedAt: (job) => {
        const run = repo.runs.filter((r) => r.path === `.github/workflows/gfa-${job}.yml` && r.conclusion === 'failure').at(-1);
        return run ? Date.parse(run.updatedAt) : undefined;
      },
    });
    expect(timings.confirmed).toBeGreaterThanOrEqual(RUNNER_START_MS);
    expect(problems).toEqual([]);
    if (process.env.GFA_E2E_DEBUG) process.stderr.write(`${JSON.stringify(timings)}\n`);
  }, 240_000);
});
