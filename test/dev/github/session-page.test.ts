/**
 * A session seen from the page (issue 24), on `gfa dev --as github` with a runner start of 8 s, in
 * Chromium with web security on: the first mark-read waits for a runner; the next ones, each clicked
 * after the last is confirmed, are served by the live session in a few seconds, and their own queued
 * runs are cancelled before a runner takes them. A test double of GitHub, not GitHub.
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
import { withSession } from '../../helpers/session-app.ts';
import { runSessionPage } from '../../helpers/session-page.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const PASS = 'session page passphrase on the github double';
const RUNNER_START_MS = 8000;
let dir: string;
let dev: GithubDev;
let feeds: FeedServer;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(join(root, 'tmp'), { recursive: true });
  dir = mkdtempSync(join(root, 'tmp', 'rss-github-session-page-'));
  cpSync(join(root, 'apps', 'rss-reader'), dir, { recursive: true, filter: (src) => !/[\\/](dist|\.gfa|node_modules)$/.test(src) });
  withSession(dir, 30, 180);
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

describe('the page and a session on the GitHub double', () => {
  it('waits for a runner once, then gets each confirmation in seconds', async () => {
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
    const confirmed = await runSessionPage(page, RUNNER_START_MS, () =>
      repo.runs.filter((r) => r.path === '.github/workflows/gfa-mark-read.yml').map((r) => ({ started: r.startedAt !== undefined, cancelled: r.conclusion === 'cancelled' })));
    if (process.env.GFA_E2E_DEBUG) process.stderr.write(`${JSON.stringify({ confirmed })}\n`);
    expect(problems).toEqual([]);
  }, 240_000);
});
