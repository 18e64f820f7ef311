/**
 * The rss-reader on `gfa dev --as github` with a runner start above 0 (issue 21), in Chromium with web
 * security on: quick changes batched into one run, a reload while pending, a run that fails before its
 * result reported within seconds. A test double of GitHub, not GitHub.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../helpers/browser.ts';
import { runClockScenario } from '../../helpers/clock-scenario.ts';
import { startGithubReader, type GithubReader } from '../../helpers/github-reader.ts';
import { pageProblems, unlockAndAddFeed } from '../../helpers/reader-page.ts';

const PASS = 'clock scenario passphrase on the github double';
const RUNNER_START_MS = 1500;
let r: GithubReader;
let browser: Browser;

beforeAll(async () => {
  [r, browser] = await Promise.all([startGithubReader({ prefix: 'rss-github-clock', passphrase: PASS, runnerStartMs: RUNNER_START_MS }), launchBrowser()]);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await r?.stop();
});

describe('the page on the GitHub double’s clock', () => {
  it('batches quick changes, keeps one across a reload, reports a failed run at once', async () => {
    const page = await browser.newPage();
    const problems = pageProblems(page);
    const dev = r.dev;
    await unlockAndAddFeed(page, `${dev.emu.pagesUrl}/${dev.repo}/`, PASS, r.feeds.feeds.find((f) => f.includes('harbor-notes'))!);
    const repo = dev.emu.state.repos.get(dev.repo)!;
    const timings = await runClockScenario({
      page,
      passphrase: PASS,
      runnerStartMs: RUNNER_START_MS,
      runs: (job) => repo.runs.filter((x) => x.path === `.github/workflows/gfa-${job}.yml`).length,
      breakRuns() {
        const good = repo.secrets.get('GFA_SECRET_KEY')!;
        repo.secrets.set('GFA_SECRET_KEY', { ...good, value: 'not-a-key' });
        return () => repo.secrets.set('GFA_SECRET_KEY', good);
      },
      failedAt: (job) => {
        const run = repo.runs.filter((x) => x.path === `.github/workflows/gfa-${job}.yml` && x.conclusion === 'failure').at(-1);
        return run ? Date.parse(run.updatedAt) : undefined;
      },
    });
    expect(timings.confirmed).toBeGreaterThanOrEqual(RUNNER_START_MS);
    expect(problems).toEqual([]);
    if (process.env.GFA_E2E_DEBUG) process.stderr.write(`${JSON.stringify(timings)}\n`);
  }, 240_000);
});
