/** The rss-reader page in headless Chromium on a real `gfa dev`: unlock, read, mark read, watch the count drop. */
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../../helpers/browser.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReader, type Reader } from './setup.ts';


let reader: Reader;
let browser: Browser;

beforeAll(async () => {
  reader = await startReader({ realKdf: true });
  await Promise.all(reader.feeds.feeds.map((url) => reader.run('add-feed', { url })));
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await reader?.stop();
});

const count = (page: Page, name: string): Promise<string> =>
  page.locator('#feeds button.feed', { hasText: name }).locator('.count').innerText();

describe('rss-reader page in Chromium', () => {
  it('unlocks, lists items as text, marks one read and the unread count drops', async () => {
    const page = await browser.newPage({ viewport: { width: 1100, height: 760 } });
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      // 404s are the SDK polling results/<requestId> before the job has written it.
      if (m.type() === 'error' && !/Failed to load resource: .* 404/.test(m.text())) problems.push(`console: ${m.text()}`);
    });
    await page.goto(`${reader.dev.url}/`);
    const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    expect(csp).toContain("default-src 'self'");

    await page.fill('#passphrase', 'wrong passphrase');
    await page.click('#unlock button[type=submit]');
    await expect.poll(() => page.locator('#unlock-error').innerText(), { timeout: 30_000 }).toBe('Wrong passphrase.');

    await page.fill('#passphrase', reader.passphrase);
    await page.click('#unlock button[type=submit]');
    await page.waitForSelector('#items li.item', { timeout: 30_000 });
    expect(await page.locator('#items li.item').count()).toBe(10);
    expect(await count(page, 'All items')).toBe('10');
    expect(await count(page, 'Harbor Notes')).toBe('4');

    // Escaped markup in a feed title is shown as text, never parsed into elements.
    const paper = page.locator('.item-title', { hasText: 'Why we still use <b>paper</b> charts' });
    expect(await paper.count()).toBe(1);
    expect(await paper.locator('b').count()).toBe(0);
    expect(await paper.locator('a').getAttribute('href')).toBe('https://harbor-notes.example/2026/11/paper-charts');
    expect(await paper.locator('a').getAttribute('rel')).toBe('noopener noreferrer');

    const first = page.locator('#items li.item.unread').first();
    const firstTitle = await first.locator('.item-title').innerText();
    await first.locator('button.mark-read').click();
    await page.waitForSelector('#status.busy', { timeout: 5_000 });
    await expect.poll(() => count(page, 'All items'), { timeout: 60_000 }).toBe('9');
    expect(await page.locator('#items li.item.read .item-title').first().innerText()).toBe(firstTitle);
    await page.screenshot({ path: '/tmp/rss-reader.png', fullPage: false });

    // Whole feed: select it, mark all read.
    await page.locator('#feeds button.feed', { hasText: 'Small Kitchen' }).click();
    expect(await page.locator('#feed-title').innerText()).toBe('Small Kitchen');
    expect(await page.locator('#feed-info a').getAttribute('href')).toBe('https://small-kitchen.example/');
    expect(await page.locator('#feed-info').innerText()).toMatch(/^small-kitchen\.example · updated (just now|\d+ min ago)$/);
    await page.click('#mark-all');
    await expect.poll(() => count(page, 'Small Kitchen'), { timeout: 60_000 }).toBe('0');
    expect(await count(page, 'All items')).toBe('6');
    expect(await page.locator('#items li.item.unread').count()).toBe(0);
    // A URL that is not a feed: the job's error is shown, nothing is added.
    await page.fill('#feed-url', `${reader.feeds.origin}/broken/500`);
    await page.click('#add-feed button[type=submit]');
    await expect.poll(() => page.locator('#status.error').count(), { timeout: 60_000 }).toBe(1);
    expect(await page.locator('#status').innerText()).toMatch(/cannot subscribe to 127\.0\.0\.1:\d+: HTTP 500/);
    expect(await page.locator('#feeds button.feed').count()).toBe(4);

    await page.click('#refresh');
    await expect.poll(() => page.locator('#status').innerText(), { timeout: 60_000 }).toBe('Fetching feeds: done');
    expect(await count(page, 'All items')).toBe('6');
    expect(problems).toEqual([]);
    await page.close();
  }, 300_000);
});
