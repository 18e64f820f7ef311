/**
 * A session seen from the page (issue 24), on `gfa dev --as github` with a runner start of 8 s, in
 * Chromium with web security on: the first mark-read waits for a runner; the next ones, each clicked
 * after the last is confirmed, are served by the live session in a few seconds, and their own queued
 * runs are cancelled before a runner takes them. A test double of GitHub, not GitHub.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../helpers/browser.ts';
import { startGithubReader, type GithubReader } from '../../helpers/github-reader.ts';
import { pageProblems, unlockAndAddFeed } from '../../helpers/reader-page.ts';
import { runSessionPage } from '../../helpers/session-page.ts';

const PASS = 'session page passphrase on the github double';
const RUNNER_START_MS = 8000;
let r: GithubReader;
let browser: Browser;

beforeAll(async () => {
  [r, browser] = await Promise.all([startGithubReader({ prefix: 'rss-github-session-page', passphrase: PASS, runnerStartMs: RUNNER_START_MS, session: [30, 180] }), launchBrowser()]);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await r?.stop();
});

describe('the page and a session on the GitHub double', () => {
  it('waits for a runner once, then gets each confirmation in seconds', async () => {
    const page = await browser.newPage();
    const problems = pageProblems(page);
    await unlockAndAddFeed(page, `${r.dev.emu.pagesUrl}/${r.dev.repo}/`, PASS, r.feeds.feeds.find((f) => f.includes('harbor-notes'))!);
    const repo = r.dev.emu.state.repos.get(r.dev.repo)!;
    const confirmed = await runSessionPage(page, RUNNER_START_MS, () =>
      repo.runs.filter((x) => x.path === '.github/workflows/gfa-mark-read.yml').map((x) => ({ started: x.startedAt !== undefined, cancelled: x.conclusion === 'cancelled' })));
    if (process.env.GFA_E2E_DEBUG) process.stderr.write(`${JSON.stringify({ confirmed })}\n`);
    expect(problems).toEqual([]);
  }, 240_000);
});
