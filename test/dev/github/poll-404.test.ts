/**
 * While the page waits for a job's result it logs no 404 (issue 23): the head commit's `gfa-results`
 * trailer tells the client the result is not there yet, so it does not ask for `results/<id>` until a
 * head lists it. The rss-reader on `gfa dev --as github` with a runner start above 0, in Chromium with
 * web security on; while the page waits, another writer (as another job's run would) lands commits,
 * so the page sees new heads without its result. A test double of GitHub, not GitHub.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../helpers/browser.ts';
import { startGithubReader, type GithubReader } from '../../helpers/github-reader.ts';
import { newRequestId, resultKey } from '../../../framework/contract.ts';
import { parseSecretKeys } from '../../../framework/crypto/keys.ts';
import { encryptedDriver } from '../../../framework/store/drivers/encrypted.ts';
import { gitDriver } from '../../../framework/store/drivers/git.ts';
import { createStore } from '../../../framework/store/store.ts';

const PASS = 'no 404 while polling on the github double';
const RUNNER_START_MS = 4000;
let r: GithubReader;
let browser: Browser;

beforeAll(async () => {
  [r, browser] = await Promise.all([startGithubReader({ prefix: 'rss-github-poll404', passphrase: PASS, runnerStartMs: RUNNER_START_MS }), launchBrowser()]);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await r?.stop();
});

const isResult = (url: string): boolean => /\/contents\/results(\/|%2F)/i.test(url);

describe('polling for a result on the GitHub double', () => {
  it('logs no 404 in the console while a request waits for its run', async () => {
    const page = await browser.newPage();
    const { dev, feeds } = r;
    const logged: string[] = [];
    const notFound: string[] = [];
    const resultReads: string[] = [];
    const commits = new Set<string>();
    page.on('console', (m) => {
      if (/404/.test(m.text()) && isResult(m.location().url)) logged.push(`${m.text()} ${m.location().url}`);
    });
    page.on('request', (req) => {
      const m = /\/git\/commits\/([0-9a-f]{40})/.exec(req.url());
      if (m) commits.add(m[1]!);
    });
    page.on('response', (res) => {
      // A new head comes with its commit in the branch answer (framework/forge/github/client.ts).
      if (/\/branches\/data(\?|$)/.test(res.url()) && res.status() === 200) void res.json().then((b: { commit: { sha: string } }) => commits.add(b.commit.sha), () => {});
      if (!isResult(res.url())) return;
      resultReads.push(res.url());
      if (res.status() === 404) notFound.push(res.url());
    });
    await page.goto(`${dev.emu.pagesUrl}/${dev.repo}/`);
    await page.getByLabel('Passphrase').fill(PASS);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByLabel('Feed URL').waitFor({ state: 'visible', timeout: 30_000 });
    const repo = dev.emu.state.repos.get(dev.repo)!;
    const runs = repo.runs.length;
    const seen = commits.size;
    const t0 = Date.now();
    await page.getByLabel('Feed URL').fill(feeds.feeds.find((f) => f.includes('harbor-notes'))!);
    await page.getByRole('button', { name: 'Add feed' }).click();
    // Once the run is queued (its runner not yet started): three commits of another writer, with the data key.
    await expect.poll(() => repo.runs.length, { timeout: 10_000, interval: 50 }).toBeGreaterThan(runs);
    const other = createStore(await encryptedDriver(gitDriver({ remote: repo.dir }), { keys: parseSecretKeys(repo.secrets.get('GFA_SECRET_KEY')!.value) }));
    try {
      for (let i = 0; i < 3; i++) {
        const id = newRequestId();
        await other.transaction(async (tx) => tx.set(resultKey(id), JSON.stringify({ job: 'other', requestId: id, status: 'ok', startedAt: '', finishedAt: '' })));
        await new Promise((ok) => setTimeout(ok, 900));
      }
    } finally {
      await other.close();
    }
    expect(repo.runs.at(-1)?.status).not.toBe('completed');
    await expect.poll(() => page.locator('#items li.item').count(), { timeout: 60_000 }).toBeGreaterThanOrEqual(4);
    // The wait spanned the runner start, so the page looked at heads without the result.
    expect(Date.now() - t0).toBeGreaterThanOrEqual(RUNNER_START_MS);
    // The page looked at the other writer's heads (their commits, for the layout and the hint, from the
    // branch answers or commit reads), and
    // found its result by reading it (the test watches the right requests).
    expect(commits.size - seen).toBeGreaterThanOrEqual(3);
    expect(resultReads.length).toBeGreaterThan(0);
    expect({ logged, notFound }).toEqual({ logged: [], notFound: [] });
  }, 180_000);
});
