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
    const items = page.locator('#items li.item');
    await expect.poll(() => items.count(), { timeout: 60_000 }).toBeGreaterThanOrEqual(4);

    const confirmed: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t = Date.now();
      await items.nth(i).getByRole('button', { name: /^Mark (read|unread)$/ }).click({ timeout: 5_000 });
      expect(await items.nth(i).getAttribute('data-pending')).toBe('true');
      await expect.poll(() => page.locator('#items li.item[data-pending="true"]').count(), { timeout: RUNNER_START_MS + 60_000, interval: 100 }).toBe(0);
      confirmed.push(Date.now() - t);
    }
    if (process.env.GFA_E2E_DEBUG) process.stderr.write(`${JSON.stringify({ confirmed })}\n`);
    // The first waited for a runner; a session then served the others well inside a runner start.
    expect(confirmed[0]).toBeGreaterThanOrEqual(RUNNER_START_MS);
    for (const ms of confirmed.slice(1)) expect(ms).toBeLessThan(RUNNER_START_MS - 2000);
    const runs = dev.emu.state.repos.get(dev.repo)!.runs.filter((r) => r.path === '.github/workflows/gfa-mark-read.yml');
    expect(runs).toHaveLength(3);
    expect(runs[0]!.startedAt).toBeDefined();
    for (const r of runs.slice(1)) {
      expect(r.conclusion).toBe('cancelled');
      expect(r.startedAt).toBeUndefined();
    }
    expect(await page.locator('#status').innerText()).not.toMatch(/Could not|failed/);
    expect(problems).toEqual([]);
  }, 240_000);
});
