/**
 * A session seen from the page (issue 24), on `gfa dev --as gitlab` with a runner start of 8 s,
 * pipelines through gitlab-ci-local side by side, in Chromium with web security on: the first
 * mark-read waits for a runner; a live session serves the next ones in seconds, and their pending
 * pipelines are cancelled before a runner takes them. GFA_PUSH_TOKEN is set as a session on GitLab
 * needs (see test/dev/gitlab/session-e2e.test.ts). A test double of GitLab, not GitLab.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../helpers/browser.ts';
import { startGitlabSessionReader, type GitlabSessionReader } from '../../helpers/gitlab-session-reader.ts';
import { runSessionPage } from '../../helpers/session-page.ts';
import { pageProblems, unlockAndAddFeed } from '../../helpers/reader-page.ts';

const PASS = 'session page passphrase on the gitlab double';
const RUNNER_START_MS = 8000;
let r: GitlabSessionReader;
let browser: Browser;

beforeAll(async () => {
  [r, browser] = await Promise.all([startGitlabSessionReader({ prefix: 'rss-gitlab-session-page', passphrase: PASS, runnerStartMs: RUNNER_START_MS, idleSeconds: 30, maxSeconds: 180 }), launchBrowser()]);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await r?.stop();
});

describe('the page and a session on the GitLab double', () => {
  it('waits for a runner once, then gets each confirmation in seconds', async () => {
    const page = await browser.newPage();
    const { gl, feeds } = r;
    const problems = pageProblems(page);
    await unlockAndAddFeed(page, gl.pagesUrl, PASS, feeds.feeds.find((f) => f.includes('harbor-notes'))!);
    const confirmed = await runSessionPage(page, RUNNER_START_MS, () =>
      gl.state.project.pipelines.filter((p) => p.source === 'trigger' && p.inputs.job === 'mark-read').map((p) => ({ started: p.started_at != null, cancelled: p.status === 'canceled' })));
    if (process.env.GFA_E2E_DEBUG) process.stderr.write(`${JSON.stringify({ confirmed })}\n`);
    expect(problems).toEqual([]);
  }, 300_000);
});
