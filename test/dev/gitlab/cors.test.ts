/**
 * CORS on the GitLab emulator (a test double of GitLab's `/api/*` CORS rules, not GitLab), in headless
 * Chromium with web security on: from the Pages origin (another origin than the API, as
 * NAMESPACE.gitlab.io is not gitlab.com) a credentialed request fails (GitLab allows any origin only
 * without credentials), a header GitLab does not expose reads as null while the pagination headers
 * read, and the page's real GitLab adapter reads by SHA and triggers a pipeline.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GitlabDev } from '../../../framework/dev/gitlab/server.ts';
import { startEmulator } from '../../forge/gitlab/helpers.ts';
import { launchBrowser } from '../../helpers/browser.ts';
import { pageAdaptersSource, type PageAdapters } from '../../helpers/page-adapters.ts';

let gl: GitlabDev;
let browser: Browser;
let page: Page;
let triggerToken: string;

declare const gfaAdapters: PageAdapters;

beforeAll(async () => {
  [gl, browser] = await Promise.all([startEmulator({ pipelines: false }), launchBrowser()]);
  const created = await fetch(`${gl.apiUrl}/projects/${encodeURIComponent(gl.project)}/triggers`, {
    method: 'POST', headers: { 'private-token': gl.token, 'content-type': 'application/json' }, body: JSON.stringify({ description: 'cors test' }),
  });
  triggerToken = ((await created.json()) as { token: string }).token;
  page = await browser.newPage();
  // No Pages job has run (pipelines off): the site's 404 page is still a document on the Pages origin.
  await page.goto(gl.pagesUrl);
  await page.evaluate(await pageAdaptersSource());
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await gl?.close();
});

describe('GitLab CORS in Chromium', () => {
  it('serves Pages on another origin than the API', () => {
    expect(new URL(page.url()).origin).not.toBe(new URL(gl.apiUrl).origin);
  });

  it('refuses a credentialed request, allows any header, and hides headers GitLab does not expose', async () => {
    const seen = await page.evaluate(async ({ api, project, token }) => {
      const tree = `${api}/projects/${encodeURIComponent(project)}/repository/tree?ref=main&per_page=2`;
      const credentialed = await fetch(tree, { credentials: 'include' }).then((r) => `status ${r.status}`, (e: Error) => e.name);
      const res = await fetch(tree, { headers: { 'private-token': token, 'x-anything': '1' } });
      return { credentialed, status: res.status, total: res.headers.get('x-total'), link: res.headers.get('link'), date: res.headers.get('date') };
    }, { api: gl.apiUrl, project: gl.project, token: gl.token });
    expect(seen.credentialed).toBe('TypeError');
    expect(seen.status).toBe(200);
    expect(Number(seen.total)).toBeGreaterThan(2);
    expect(seen.link).toContain('rel="next"');
    // Sent on every answer, but neither safelisted nor in GitLab's expose list: null in a page.
    expect(seen.date).toBeNull();
  });

  it("the page's GitLab adapter reads by SHA and triggers a pipeline across origins", async () => {
    const before = gl.state.project.pipelines.length;
    const out = await page.evaluate(async ({ url, project, triggerToken }) => {
      const forge = gfaAdapters.gitlabClientForge({ url, project, branch: 'main' });
      const head = await forge.head();
      if (!head || head === 'unchanged') return { head: String(head) };
      const again = await forge.head(head.etag);
      const file = await forge.readFile(head.sha, 'gfa.config.ts');
      const files = await forge.listFiles(head.sha, 'jobs');
      await forge.trigger(triggerToken, { job: 'add-feed', requests: [{ requestId: 'cors-gitlab-1', input: { url: 'https://example.com/feed.xml' } }] });
      return { head: head.sha, again, file: new TextDecoder().decode(file).includes('defineApp'), files: files.includes('jobs/add-feed.ts') };
    }, { url: gl.url, project: gl.project, triggerToken });
    expect(out).toEqual({ head: expect.stringMatching(/^[0-9a-f]{40}$/), again: 'unchanged', file: true, files: true });
    expect(gl.state.project.pipelines.length).toBe(before + 1);
    expect(gl.state.project.pipelines.at(-1)!.source).toBe('trigger');
  });
});
