/**
 * Issue 23, the status line and "Mark all read" in Chromium: a refresh where a feed failed says which,
 * never "done"; a success message does not stay to read as the state of things later; "Mark all read"
 * can be undone, and the undo is stored.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../helpers/browser.ts';
import { startReader, type Reader } from './helpers/setup.ts';

const FEED = `<?xml version="1.0"?><rss version="2.0"><channel><title>Flaky Feed</title><link>https://flaky.example/</link>
<item><title>One</title><guid>1</guid></item><item><title>Two</title><guid>2</guid></item></channel></rss>`;

let reader: Reader;
let browser: Browser;
let server: Server;
let failing = false;

beforeAll(async () => {
  server = createServer((_req, res) => void (failing ? res.writeHead(500).end() : res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(FEED)));
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  [reader, browser] = await Promise.all([startReader({ realKdf: true }), launchBrowser()]);
  await reader.run('add-feed', { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/flaky.xml` });
  await reader.run('add-feed', { url: reader.feeds.feeds[0]! });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await reader?.stop();
  await new Promise((ok) => server?.close(ok));
});

/** A new page, unlocked (pages stay open: @sparticuz's Chromium is one process). */
async function open(): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(`${reader.dev.url}/`);
  await page.getByLabel('Passphrase').fill(reader.passphrase);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
  return page;
}

const status = (page: Page): Promise<string> => page.locator('#status').innerText();
const allItems = (page: Page): Promise<string | null> => page.getByRole('button', { name: /^All items, \d+ unread$/ }).getAttribute('aria-label');

describe('the status line', () => {
  it('a refresh where a feed failed names it and is not "done"; a success message goes away', async () => {
    const page = await open();
    failing = true;
    await page.getByRole('button', { name: 'Refresh' }).click();
    await expect.poll(() => status(page), { timeout: 90_000 }).toMatch(/^Refreshed 1 of 2 feeds, 0 new items; 1 failed \(Flaky Feed\)$/);
    expect(await page.locator('#status').getAttribute('class')).toContain('error');
    failing = false;
    await page.getByRole('button', { name: 'Refresh' }).click();
    await expect.poll(() => status(page), { timeout: 90_000 }).toBe('Refreshed 2 feeds, 0 new items');
    await expect.poll(() => status(page), { timeout: 15_000 }).toBe('');
  });

  it('"Mark all read" can be undone, and the undo is stored', async () => {
    const page = await open();
    const before = await allItems(page);
    expect(before).not.toBe('All items, 0 unread');
    await page.getByRole('button', { name: 'Mark all read' }).click();
    expect(await allItems(page)).toBe('All items, 0 unread');
    await expect.poll(() => status(page), { timeout: 90_000 }).toMatch(/^Marked \d+ items read/);
    await page.getByRole('button', { name: 'Undo' }).click();
    expect(await allItems(page)).toBe(before);
    await expect.poll(() => status(page), { timeout: 90_000 }).toBe('Marked unread again');
    const again = await open();
    expect(await allItems(again)).toBe(before);
  });
});
