/**
 * CORS on the GitHub emulator (a test double of GitHub's documented CORS answers, not GitHub), in
 * headless Chromium with web security on: a page on the Pages origin (another origin than the API,
 * as OWNER.github.io is not api.github.com) cannot send a request header outside GitHub's list nor
 * read a header GitHub does not expose, while the page's real GitHub adapter works; and the adapter
 * recognises a secondary rate limit although the page cannot read `retry-after`.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withCors } from '../../../framework/dev/cors.ts';
import { GITHUB_CORS } from '../../../framework/dev/github/cors.ts';
import { serveWithHandler } from '../../../framework/dev/node-adapter.ts';
import { launchBrowser } from '../../helpers/browser.ts';
import { pageAdaptersSource, type PageAdapters } from '../../helpers/page-adapters.ts';
import { startGithubFixture, type GithubFixture } from '../../forge/helpers/github.ts';

let fx: GithubFixture;
let browser: Browser;
let page: Page;

declare const gfaAdapters: PageAdapters;

beforeAll(async () => {
  [fx, browser] = await Promise.all([startGithubFixture(), launchBrowser()]);
  fx.emu.state.repos.get('owner/app')!.pages = { buildType: 'workflow', createdAt: new Date().toISOString() };
  page = await browser.newPage();
  await page.goto(`${fx.emu.pagesUrl}/owner/app/`);
  await page.evaluate(await pageAdaptersSource());
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await fx?.stop();
});

describe('GitHub CORS in Chromium', () => {
  it('serves the Pages site on another origin than the API', () => {
    expect(new URL(page.url()).origin).toBe(fx.emu.pagesUrl);
    expect(new URL(fx.emu.apiUrl).origin).not.toBe(fx.emu.pagesUrl);
  });

  it('fails the preflight for a header outside the list, and hides headers GitHub does not expose', async () => {
    const seen = await page.evaluate(async ({ api, token }) => {
      const repo = `${api}/repos/owner/app`;
      const refused = await fetch(repo, { headers: { authorization: `Bearer ${token}`, 'x-github-api-version': '2022-11-28' } }).then((r) => `status ${r.status}`, (e: Error) => e.name);
      const res = await fetch(repo, { headers: { authorization: `Bearer ${token}`, 'if-none-match': '"none"' } });
      return { refused, status: res.status, etag: res.headers.get('etag'), remaining: res.headers.get('x-ratelimit-remaining'), used: res.headers.get('x-ratelimit-used'), version: res.headers.get('x-github-api-version-selected') };
    }, { api: fx.emu.apiUrl, token: fx.dispatchToken });
    expect(seen.refused).toBe('TypeError');
    expect(seen.status).toBe(200);
    // GitHub sends weak ETags on JSON answers (W/"…", framework/dev/github/respond.ts), and a page can read it.
    expect(seen.etag).toMatch(/^W\/"/);
    expect(Number(seen.remaining)).toBeGreaterThan(0);
    // Sent by the double as by GitHub, but not in Access-Control-Expose-Headers: null in a page.
    expect(seen.used).toBeNull();
    expect(seen.version).toBeNull();
  });

  it("the page's GitHub adapter reads by SHA, gets a 304 and dispatches across origins", async () => {
    const out = await page.evaluate(async ({ api, token }) => {
      const forge = gfaAdapters.githubClientForge({ owner: 'owner', repo: 'app', api, token, branch: 'main' });
      const head = await forge.head();
      if (!head || head === 'unchanged') return { head: String(head) };
      const again = await forge.head(head.etag);
      const file = await forge.readFile(head.sha, 'gfa.config.ts');
      const commit = await forge.commit!(head.sha);
      const files = await forge.listFiles(head.sha, '');
      await forge.trigger(token, { job: 'bump', requests: [{ requestId: 'cors-github-1', input: { by: 1 } }] });
      return { head: head.sha, again, file: new TextDecoder().decode(file).includes('defineApp'), tree: commit.tree, files: files.includes('gfa.config.ts') };
    }, { api: fx.emu.apiUrl, token: fx.dispatchToken });
    expect(out).toMatchObject({ head: expect.stringMatching(/^[0-9a-f]{40}$/), again: 'unchanged', file: true, tree: expect.stringMatching(/^[0-9a-f]{40}$/), files: true });
    expect(fx.emu.state.repos.get('owner/app')!.runs.map((r) => r.event)).toContain('workflow_dispatch');
  });

  it('waits a minute on a secondary rate limit whose retry-after the page cannot read, then retries', async () => {
    // A scripted API behind the double's CORS layer: first a secondary limit (403, retry-after 7), then the answer.
    let calls = 0;
    const handler = withCors(GITHUB_CORS, async () => {
      calls += 1;
      if (calls === 1) {
        return Response.json({ message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.' }, {
          status: 403, headers: { 'retry-after': '7', 'x-ratelimit-remaining': '4990', 'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600) },
        });
      }
      return Response.json({ commit: { sha: 'a'.repeat(40) } }, { headers: { etag: '"e1"' } });
    });
    let origin = '';
    const server: Server = createServer((req, res) => void serveWithHandler(req, res, origin, handler));
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // A page on the Pages origin without the app's CSP (a 404 page), so it may connect to the scripted API.
    const bare = await browser.newPage();
    await bare.goto(`${fx.emu.pagesUrl}/nobody/none/`);
    await bare.evaluate(await pageAdaptersSource());
    try {
      const out = await bare.evaluate(async (api) => {
        const waits: number[] = [];
        const forge = gfaAdapters.githubClientForge({ owner: 'o', repo: 'r', api, sleep: async (ms) => void waits.push(ms) });
        const head = await forge.head().then((h) => h, (e: Error) => `error: ${e.message}`);
        return { head, waits };
      }, origin);
      // GitHub's rule without a readable retry-after (and x-ratelimit-remaining above 0): wait at least a minute.
      expect(out).toEqual({ head: { sha: 'a'.repeat(40), etag: '"e1"' }, waits: [60_000] });
      expect(calls).toBe(2);
    } finally {
      await bare.close();
      await new Promise<void>((ok) => server.close(() => ok()));
    }
  });
});
