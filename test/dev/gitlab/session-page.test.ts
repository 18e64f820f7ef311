/**
 * A session seen from the page (issue 24), on `gfa dev --as gitlab` with a runner start of 8 s,
 * pipelines through gitlab-ci-local side by side, in Chromium with web security on: the first
 * mark-read waits for a runner; a live session serves the next ones in seconds, and their pending
 * pipelines are cancelled before a runner takes them. GFA_PUSH_TOKEN is set as a session on GitLab
 * needs (see test/dev/gitlab/session-e2e.test.ts). A test double of GitLab, not GitLab.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFeedServer, type FeedServer } from '../../../apps/rss-reader/samples/feed-server.ts';
import { setTestKdf } from '../../../framework/cli/forge-args.ts';
import { startGitlabDev, type GitlabDev } from '../../../framework/dev/gitlab/server.ts';
import { runMain } from '../../cli/helpers/main.ts';
import { launchBrowser } from '../../helpers/browser.ts';
import { withSession } from '../../helpers/session-app.ts';
import { runSessionPage } from '../../helpers/session-page.ts';
import { pageProblems, unlockAndAddFeed } from '../../helpers/reader-page.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const PASS = 'session page passphrase on the gitlab double';
const RUNNER_START_MS = 8000;
let dir: string;
let gl: GitlabDev;
let feeds: FeedServer;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(join(root, 'tmp'), { recursive: true });
  dir = mkdtempSync(join(root, 'tmp', 'rss-gitlab-session-page-'));
  cpSync(join(root, 'apps', 'rss-reader'), dir, { recursive: true, filter: (src) => !/[\\/](dist|\.gfa|node_modules)$/.test(src) });
  withSession(dir, 30, 180);
  process.env.RSS_ALLOW_LOOPBACK = '1';
  [gl, feeds, browser] = await Promise.all([
    startGitlabDev({ appDir: dir, build: true, path: 'group/sub/rss', runnerStartMs: RUNNER_START_MS, parallelPipelines: true }),
    startFeedServer(),
    launchBrowser(),
  ]);
  await gl.idle();
  const passFile = join(mkdtempSync(join(tmpdir(), 'gfa-gl-session-page-')), 'passphrase');
  writeFileSync(passFile, `${PASS}\n`);
  try {
    const deployed = await runMain(['deploy', dir, '--forge', 'gitlab', '--repo', gl.project, '--passphrase-file', passFile, '--yes'], { GITLAB_TOKEN: gl.token, GITLAB_URL: gl.url, GFA_SECRET_KEY: '', GFA_PASSPHRASE: '' });
    expect(deployed.code, deployed.stderr).toBe(0);
  } finally {
    setTestKdf(undefined);
  }
  const owner = gl.state.tokens.get(gl.token)!;
  const push = 'glpat-session-page-push-token';
  gl.state.tokens.set(push, { userId: owner.userId, role: 'developer' });
  const res = await fetch(`${gl.apiUrl}/projects/${gl.state.project.id}/variables`, {
    method: 'POST', headers: { 'private-token': gl.token, 'content-type': 'application/json' }, body: JSON.stringify({ key: 'GFA_PUSH_TOKEN', value: push, masked: true }),
  });
  expect(res.status).toBe(201);
  await gl.idle();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await feeds?.close();
  await gl?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the page and a session on the GitLab double', () => {
  it('waits for a runner once, then gets each confirmation in seconds', async () => {
    const page = await browser.newPage();
    const problems = pageProblems(page);
    await unlockAndAddFeed(page, gl.pagesUrl, PASS, feeds.feeds.find((f) => f.includes('harbor-notes'))!);
    const confirmed = await runSessionPage(page, RUNNER_START_MS, () =>
      gl.state.project.pipelines.filter((p) => p.source === 'trigger' && p.inputs.job === 'mark-read').map((p) => ({ started: p.started_at != null, cancelled: p.status === 'canceled' })));
    if (process.env.GFA_E2E_DEBUG) process.stderr.write(`${JSON.stringify({ confirmed })}\n`);
    expect(problems).toEqual([]);
  }, 300_000);
});
