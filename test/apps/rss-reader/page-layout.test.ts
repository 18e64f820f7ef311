/**
 * Issue 23, the page on a phone and on a laptop, in Chromium (screenshots in test-artifacts/): at 390 px
 * the first item shows without scrolling and the feed list is one tap away; no title breaks inside a
 * word; at 1280 x 800 more than five items show; opening an item's link marks it read; "Unread only"
 * survives a reload.
 */
import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../helpers/browser.ts';
import { startReader, type Reader } from './helpers/setup.ts';

const artifacts = resolve(import.meta.dirname, '../../../test-artifacts');
const SUMMARY = 'The harbour committee met on Tuesday to discuss the new moorings, the winter dredging schedule and what to do about the gulls nesting on the chandlery roof again this year.';
const items = Array.from({ length: 30 }, (_, i) => {
  const date = new Date(Date.UTC(2026, 10, 30, 12) - i * 3_600_000).toUTCString();
  return `<item><title>Newcomer orientation, week ${30 - i}: understanding harbourmaster announcements</title><link>https://blog.example/${i}</link><guid>n${i}</guid><pubDate>${date}</pubDate><description>${SUMMARY}</description></item>`;
}).join('');
const FEED = `<?xml version="1.0"?><rss version="2.0"><channel><title>Newcomer Test Blog</title><link>https://blog.example/</link>${items}</channel></rss>`;

let reader: Reader;
let browser: Browser;
let server: Server;

beforeAll(async () => {
  mkdirSync(artifacts, { recursive: true });
  server = createServer((_req, res) => void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(FEED));
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  [reader, browser] = await Promise.all([startReader({ realKdf: true }), launchBrowser()]);
  await reader.run('add-feed', { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/feed.xml` });
  for (const url of reader.feeds.feeds) await reader.run('add-feed', { url });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await reader?.stop();
  await new Promise((ok) => server?.close(ok));
});

/** A new page, unlocked. Pages stay open: @sparticuz's Chromium is one process, and closing a page's context ends it. */
async function open(width: number, height: number): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height } });
  await page.goto(`${reader.dev.url}/`);
  await page.getByLabel('Passphrase').fill(reader.passphrase);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
  await page.waitForSelector('li.item');
  return page;
}

/** Words of the item titles and the list heading that the layout split across lines. */
const brokenWords = (page: Page): Promise<string[]> =>
  page.evaluate(() => {
    const out: string[] = [];
    for (const node of document.querySelectorAll('.item-title, #feed-title, .feed-title')) {
      const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
      for (let t = walker.nextNode(); t; t = walker.nextNode()) {
        for (const m of (t.textContent ?? '').matchAll(/\S+/g)) {
          const r = document.createRange();
          r.setStart(t, m.index);
          r.setEnd(t, m.index + m[0].length);
          const lines = new Set([...r.getClientRects()].map((x) => Math.round(x.top)));
          if (lines.size > 1) out.push(m[0]);
        }
      }
    }
    return out;
  });

describe('the page on a phone and a laptop', () => {
  it('390 px: the first item shows without scrolling, the feed list is one tap away, no mid-word breaks', async () => {
    const page = await open(390, 844);
    await page.getByRole('button', { name: /^Newcomer Test Blog, \d+ unread$/ }).click();
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(artifacts, 'rss-reader-390.png') });
    const first = await page.locator('li.item').first().boundingBox();
    expect(first!.y + 40).toBeLessThan(844);
    const nav = await page.locator('#feeds-nav').boundingBox();
    expect(nav!.y).toBeGreaterThan(first!.y);
    expect(await brokenWords(page)).toEqual([]);
    await page.getByRole('link', { name: 'Feeds', exact: true }).click();
    await expect.poll(async () => (await page.getByRole('button', { name: /^All items, \d+ unread$/ }).boundingBox())?.y ?? -1).toBeGreaterThanOrEqual(0);
    expect((await page.getByRole('button', { name: /^All items, \d+ unread$/ }).boundingBox())!.y).toBeLessThan(844);
  });

  it('1280 x 800: more than five items show, without a title broken inside a word', async () => {
    const page = await open(1280, 800);
    await page.screenshot({ path: join(artifacts, 'rss-reader-1280.png') });
    const boxes = await page.locator('li.item').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().bottom));
    expect(boxes.filter((b) => b <= 800).length).toBeGreaterThan(5);
    expect(await brokenWords(page)).toEqual([]);
  });

  it('opening an item by its link marks it read', async () => {
    const page = await open(1280, 800);
    const item = page.locator('li.item', { hasText: 'week 30:' });
    expect(await item.getAttribute('class')).toContain('unread');
    // The click reaches the page's handlers, but no new tab opens: single-process Chromium dies opening one.
    await page.evaluate(() => document.addEventListener('click', (e) => (e.target as Element).closest('a[target="_blank"]') && e.preventDefault(), true));
    await item.getByRole('link').click();
    await expect.poll(() => item.getAttribute('class'), { timeout: 30_000 }).toMatch(/\bread\b/);
    await expect.poll(async () => (await page.getByRole('button', { name: /^Newcomer Test Blog, \d+ unread$/ }).getAttribute('aria-label')) ?? '').toBe('Newcomer Test Blog, 29 unread');
  });

  it('"Unread only" is remembered across a reload', async () => {
    const page = await open(1280, 800);
    await page.getByLabel('Unread only').check();
    await page.reload();
    await page.getByLabel('Passphrase').fill(reader.passphrase);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
    expect(await page.getByLabel('Unread only').isChecked()).toBe(true);
  });
});
