/**
 * End to end on `gfa dev --as github` (the GitHub emulator, a test double; nothing here ran on GitHub):
 * `gfa deploy` through the real bin, then the rss-reader's Pages site in headless Chromium unlocks,
 * adds a feed served on 127.0.0.1, the dispatched workflow runs and pushes to the data branch, and
 * the page shows the items; then `gfa doctor` finds nothing wrong.
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
import { openApiRecorder } from '../../forge/helpers/openapi.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const PASS = 'e2e passphrase for the github double';
let dir: string;
let dev: GithubDev;
let feeds: FeedServer;
let browser: Browser;
const recorder = openApiRecorder();

beforeAll(async () => {
  mkdirSync(join(root, 'tmp'), { recursive: true });
  dir = mkdtempSync(join(root, 'tmp', 'rss-github-'));
  cpSync(join(root, 'apps', 'rss-reader'), dir, { recursive: true, filter: (src) => !/[\\/](dist|\.gfa|node_modules)$/.test(src) });
  // The reader may refuse loopback feed URLs (DESIGN.md §4b); the local demo opts in through the runner's environment.
  dev = await startGithubDev({ appDir: dir, log: () => {}, onExchange: recorder.onExchange, runnerEnv: { RSS_ALLOW_LOOPBACK: '1' } });
  feeds = await startFeedServer();
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await feeds?.close();
  await dev?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const env = (): Record<string, string> => ({
  GITHUB_API_URL: dev.emu.apiUrl,
  GITHUB_TOKEN: readToken(dev.ownerTokenFile),
  GFA_PASSPHRASE: PASS,
});
function readToken(file: string): string {
  return readFileSync(file, 'utf8').trim();
}

describe('GitHub end to end on the emulator', () => {
  it('deploy, unlock, add a feed, the workflow runs and pushes, items show; doctor clean', async () => {
    const deployed = await runProgram(GFA_BIN, ['deploy', dir, '--forge', 'github', '--repo', dev.repo, '--dispatch-token-file', dev.dispatchTokenFile], { env: env() });
    expect(deployed.code, deployed.stderr).toBe(0);
    expect(deployed.stderr).toMatch(/deploy: secret GFA_SECRET_KEY: created\ndeploy: secret GFA_SECRET_KEY: note: anyone with push access to [^\n]+ can read it \(a workflow on any branch receives repository secrets\); set githubEnvironment in gfa.config.ts \(e.g. 'gfa'\) to limit it to main\ndeploy: .gfa\/keys.json: created on main\ndeploy: Pages: enabled/);
    const pagesUrl = `${dev.emu.pagesUrl}/${dev.repo}/`;
    expect(deployed.stdout).toContain(pagesUrl);
    for (const secret of [readToken(dev.dispatchTokenFile), readToken(dev.ownerTokenFile), PASS]) {
      expect(deployed.stdout + deployed.stderr).not.toContain(secret);
    }

    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    // The page is on another origin than the API: a request CORS or the CSP blocks would show here.
    page.on('console', (m) => void (/CORS policy|Content Security Policy/.test(m.text()) && problems.push(`console: ${m.text()}`)));
    await page.goto(pagesUrl);
    await page.getByLabel('Passphrase').fill(PASS);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByLabel('Feed URL').waitFor({ state: 'visible', timeout: 30_000 });
    await page.getByLabel('Feed URL').fill(feeds.feeds[0]!);
    await page.getByRole('button', { name: 'Add feed' }).click();
    await page.waitForSelector('#items li.item', { timeout: 45_000 });
    expect(await page.locator('#items li.item').count()).toBeGreaterThan(0);
    // An open, idle page sends nothing that counts against the rate limit (nor anything at all).
    const used = (): number => dev.emu.limits.usedBy(`token:${readToken(dev.dispatchTokenFile)}`);
    await page.waitForLoadState('networkidle');
    const [before, seen] = [used(), recorder.exchanges.length];
    await new Promise((r) => setTimeout(r, 3000));
    expect(used()).toBe(before);
    expect(recorder.exchanges.length).toBe(seen);
    expect(problems).toEqual([]);
    await page.close();

    // The page spoke GitHub's REST API (read by SHA, dispatch), and every exchange matched the description.
    const paths = recorder.exchanges.map((x) => `${x.method} ${x.path.replace(/[0-9a-f]{40}/g, 'SHA')}`);
    expect(paths).toContain('POST /repos/local/rss-reader/actions/workflows/gfa-add-feed.yml/dispatches');
    expect(paths.some((p) => /^GET \/repos\/local\/rss-reader\/contents\/feeds\/.+/.test(p))).toBe(true);
    expect(recorder.exchanges.filter((x) => x.path.includes('/contents/') && x.method === 'GET' && !x.path.endsWith('keys.json')).every((x) => /^[0-9a-f]{40}$/.test(x.query.get('ref') ?? ''))).toBe(true);
    expect(recorder.problems).toEqual([]);
    const runs = dev.emu.state.repos.get(dev.repo)!.runs;
    expect(runs.map((r) => [r.path, r.event, r.conclusion])).toContainEqual(['.github/workflows/gfa-add-feed.yml', 'workflow_dispatch', 'success']);

    const doctor = await runProgram(GFA_BIN, ['doctor', dir, '--forge', 'github', '--repo', dev.repo], { env: env() });
    expect(doctor.code, doctor.stdout + doctor.stderr).toBe(0);
    expect(doctor.stdout).toMatch(/^ok {4}dispatch-token: the browser credential cannot push/m);
    expect(doctor.stdout).not.toMatch(/^error/m);
    if (process.env.GFA_E2E_DEBUG) process.stderr.write(`${doctor.stdout}\n${paths.join('\n')}\n`);
  }, 90_000);
});
