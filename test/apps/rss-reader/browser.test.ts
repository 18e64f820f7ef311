/**
 * The rss-reader page in headless Chromium on a real `gfa dev`, driven by accessible names only:
 * unlock (and a wrong passphrase), add a feed by its site URL, refresh, open the feed, mark one read
 * (the count drops at once; a failing job is undone with a message), star, search, mark all read,
 * reload and find the state kept, remove the feed, and OPML export then import into a fresh app.
 * An axe-core audit of the main view must find no serious or critical violation.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../helpers/browser.ts';
import { startFixtureServer, type FixtureServer } from './helpers/fixture-server.ts';
import { startReader, type Reader } from './helpers/setup.ts';

const artifacts = resolve(import.meta.dirname, '../../../test-artifacts');
const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
let reader: Reader;
let fresh: Reader | undefined;
let fixtures: FixtureServer;
let browser: Browser;
const stops: (() => Promise<void>)[] = [];

beforeAll(async () => {
  [reader, fixtures, browser] = await Promise.all([startReader({ realKdf: true }), startFixtureServer(), launchBrowser()]);
  for (const url of reader.feeds.feeds.filter((u) => !u.includes('harbor-notes'))) await reader.run('add-feed', { url });
}, 180_000);

afterAll(async () => {
  for (const stop of stops) await stop();
  await browser?.close();
  await fresh?.stop();
  await fixtures?.close();
  await reader?.stop();
});

/** Opens the page and unlocks it; collects page errors and console errors. */
async function open(r: Reader, problems: string[]): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1100, height: 800 }, acceptDownloads: true });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    // 404s are the SDK polling results/<requestId> before the job has written it.
    if (m.type() === 'error' && !/Failed to load resource: .* 404/.test(m.text())) problems.push(`console: ${m.text()}`);
  });
  page.on('dialog', (d) => void d.accept());
  await page.goto(`${r.dev.url}/`);
  return page;
}

async function unlock(page: Page, passphrase: string): Promise<void> {
  await page.getByLabel('Passphrase').fill(passphrase);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
}

const feedButton = (page: Page, title: string) => page.getByRole('button', { name: new RegExp(`^${title}, \\d+ unread$`) });
const feedName = (page: Page, title: string): Promise<string | null> => feedButton(page, title).getAttribute('aria-label');
const statusText = (page: Page): Promise<string> => page.locator('#status').innerText();

async function audit(page: Page): Promise<string[]> {
  // Not addScriptTag: the page's CSP (rightly) refuses inline scripts; DevTools evaluation is not subject to it.
  await page.evaluate(readFileSync(axePath, 'utf8'));
  const result = await page.evaluate(async () => (await (window as unknown as { axe: { run(d: Document): Promise<{ violations: { id: string; impact: string; nodes: unknown[] }[] }> } }).axe.run(document)));
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.impact} ${v.id} (${v.nodes.length})`);
}

describe('rss-reader page in Chromium', () => {
  it('does the daily reading flow by accessible names', async () => {
    const problems: string[] = [];
    const page = await open(reader, problems);
    const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    expect(csp).toContain("default-src 'self'");

    await page.getByLabel('Passphrase').fill('wrong passphrase');
    await page.getByRole('button', { name: 'Unlock' }).click();
    await expect.poll(() => page.locator('#unlock-error').innerText(), { timeout: 60_000 }).toBe('Wrong passphrase.');
    await unlock(page, reader.passphrase);
    expect(await feedName(page, 'All items')).toBe('All items, 6 unread');

    // Add by the site's URL: the page announces the feed.
    await page.getByLabel('Feed URL').fill(`${fixtures.origin}/site/`);
    await page.getByRole('button', { name: 'Add feed' }).click();
    await expect.poll(() => feedName(page, 'Harbor Notes'), { timeout: 90_000 }).toBe('Harbor Notes, 4 unread');
    expect(await page.locator('#feed-title').innerText()).toBe('Harbor Notes');
    expect(await page.locator('#feed-info').innerText()).toMatch(/^harbor-notes\.example · last fetched (just now|\d+ min ago)$/);

    // Refresh shows progress until its result arrives.
    await page.getByRole('button', { name: 'Refresh' }).click();
    await expect.poll(() => statusText(page), { timeout: 5_000 }).toMatch(/^Refreshing feeds… \d+ s$/);
    await expect.poll(() => statusText(page), { timeout: 90_000 }).toMatch(/^Refreshed \d+ feeds?, \d+ new items?$/);

    // Open the feed; escaped markup in a title is text; each title is a link.
    await feedButton(page, 'Harbor Notes').click();
    const paper = page.getByRole('link', { name: 'Why we still use <b>paper</b> charts' });
    expect(await paper.getAttribute('href')).toBe('https://harbor-notes.example/2026/11/paper-charts');
    expect(await paper.getAttribute('rel')).toBe('noopener noreferrer');
    expect(await page.locator('.item-title b').count()).toBe(0);

    // Mark one read: the count drops before the job has finished (no reload in between).
    const first = page.locator('#items li.item').first();
    await first.getByRole('button', { name: 'Mark read' }).click();
    expect(await feedName(page, 'Harbor Notes')).toBe('Harbor Notes, 3 unread');
    expect(await feedName(page, 'All items')).toBe('All items, 9 unread');

    // Star it; the Starred view lists it.
    await first.getByRole('button', { name: '☆ Star' }).click();
    await page.getByRole('button', { name: 'Starred (1)' }).click();
    expect(await page.locator('#items li.item').count()).toBe(1);
    const starredTitle = await page.locator('#items li.item .item-title').innerText();

    // Client-side search over the loaded items.
    await feedButton(page, 'All items').click();
    await page.getByLabel('Search').fill('paper charts');
    expect(await page.locator('#items li.item .item-title').allInnerTexts()).toEqual(['Why we still use <b>paper</b> charts']);
    await page.getByLabel('Search').fill('');

    // Keyboard: ? lists the shortcuts, j moves to the next item.
    await page.locator('#feed-title').click();
    await page.keyboard.press('?');
    expect(await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).isVisible()).toBe(true);
    await page.keyboard.press('Escape');
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    expect(await page.locator('#items li.item').nth(1).getAttribute('class')).toMatch(/\bcursor\b/);

    // Screenshot and accessibility audit of the main view.
    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: join(artifacts, 'rss-reader-main.png') });
    expect(await audit(page)).toEqual([]);
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: join(artifacts, 'rss-reader-main-dark.png') });
    expect(await audit(page)).toEqual([]);
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: join(artifacts, 'rss-reader-phone.png') });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.setViewportSize({ width: 1100, height: 800 });

    // Wait for the background jobs, then mark everything read.
    await expect.poll(async () => (await reader.client.kv.list('feeds/')).some((k) => k.endsWith('starred.json')), { timeout: 90_000 }).toBe(true);
    await page.getByRole('button', { name: 'Mark all read' }).click();
    expect(await feedName(page, 'All items')).toBe('All items, 0 unread');
    await expect.poll(async () => {
      const out = await reader.client.kv.list('feeds/');
      return out.filter((k) => k.endsWith('read.json') && !k.endsWith('starred.json')).length;
    }, { timeout: 90_000 }).toBe(3);

    // Reload once nothing is saving (a change still pending would be sent again after the unlock).
    await expect.poll(() => page.locator('#pending').isHidden(), { timeout: 90_000 }).toBe(true);
    // Reload: the state is kept on the data branch.
    await page.reload();
    await unlock(page, reader.passphrase);
    await expect.poll(() => feedName(page, 'All items'), { timeout: 60_000 }).toBe('All items, 0 unread');
    expect(await feedName(page, 'Harbor Notes')).toBe('Harbor Notes, 0 unread');
    await page.getByRole('button', { name: 'Starred (1)' }).click();
    expect(await page.locator('#items li.item .item-title').innerText()).toBe(starredTitle);

    // A job that fails is undone with a message: the feed is removed behind the page's back.
    await feedButton(page, 'Small Kitchen').click();
    const kitchenId = await page.locator('#feeds button.feed[aria-current="true"]').getAttribute('data-feed-id');
    await reader.run('remove-feed', { feedId: kitchenId });
    await page.locator('#items li.item').first().getByRole('button', { name: 'Mark unread' }).click();
    expect(await feedName(page, 'Small Kitchen')).toBe('Small Kitchen, 1 unread');
    await expect.poll(() => statusText(page), { timeout: 90_000 }).toMatch(/^Could not mark it unread \(undone\): .*no feed with id/);
    expect(await feedName(page, 'Small Kitchen')).toBe('Small Kitchen, 0 unread');

    // Remove a feed from the page (the confirmation is accepted).
    await feedButton(page, 'Harbor Notes').click();
    await page.getByRole('button', { name: 'Remove feed' }).click();
    await expect.poll(() => feedButton(page, 'Harbor Notes').count(), { timeout: 90_000 }).toBe(0);
    expect(problems).toEqual([]);
    // The page stays open: with @sparticuz/chromium's --single-process, closing the last page ends the browser.
  }, 600_000);

  it('never locks: changes while a job runs, several quick ones saving together, a reload while one is pending (issue 21)', async () => {
    const problems: string[] = [];
    // An app of its own: the reading flow above leaves too few items. Its runs wait 6 s for a "runner",
    // so the quick changes below are still pending when the clicks end, however slow the machine.
    const own = await startReader({ realKdf: true, runnerStartMs: 6_000 });
    stops.push(() => own.stop());
    for (const url of own.feeds.feeds.filter((u) => !u.includes('harbor-notes'))) await own.run('add-feed', { url });
    const page = await open(own, problems);
    await unlock(page, own.passphrase);
    await feedButton(page, 'All items').click();
    // Refresh is a job; the item buttons stay usable while it runs (the page used to grey them out).
    await page.getByRole('button', { name: 'Refresh' }).click();
    await expect.poll(() => statusText(page), { timeout: 5_000 }).toMatch(/^Refreshing feeds… \d+ s$/);
    const items = page.locator('#items li.item');
    await items.nth(0).getByRole('button', { name: /^(☆ Star|★ Unstar)$/ }).click({ timeout: 2_000 });
    // Quick changes: each shows at once as saving; the page says how many are pending.
    for (let i = 1; i < 4; i++) await items.nth(i).getByRole('button', { name: /^(☆ Star|★ Unstar)$/ }).click({ timeout: 2_000 });
    expect(await page.locator('#items li.item[data-pending="true"]').count()).toBeGreaterThan(0);
    expect(await page.locator('#pending').innerText()).toMatch(/^\d+ changes? saving…$/);
    await expect.poll(() => page.locator('#items li.item[data-pending="true"]').count(), { timeout: 90_000 }).toBe(0);
    await expect.poll(() => page.locator('#pending').isHidden(), { timeout: 10_000 }).toBe(true);
    // The refresh ends on its own (its success line clears after a few seconds).
    await expect.poll(() => statusText(page), { timeout: 90_000 }).not.toMatch(/^Refreshing feeds…/);
    expect(await statusText(page)).not.toMatch(/failed|Could not/);

    // A reload inside the outbox's window: the change is kept sealed in localStorage, sent after unlock.
    const target = items.nth(4);
    const feedId = (await target.getAttribute('data-feed-id'))!;
    const itemId = (await target.getAttribute('data-item-id'))!;
    const wasStarred = (await target.getByRole('button', { name: /Star$/ }).getAttribute('aria-pressed')) === 'true';
    await target.getByRole('button', { name: /^(☆ Star|★ Unstar)$/ }).click();
    const stored = await page.evaluate(() => Object.entries(localStorage).filter(([k]) => k.startsWith('gfa:outbox:')).map(([, v]) => v).join(''));
    expect(stored.length).toBeGreaterThan(0);
    for (const clear of [feedId, itemId, 'star']) expect(stored).not.toContain(clear);
    await page.reload();
    await unlock(page, own.passphrase);
    const starredOnBranch = async (): Promise<boolean> => ((await own.client.kv.getJson<string[]>(`feeds/${feedId}/starred.json`)) ?? []).includes(itemId);
    await expect.poll(starredOnBranch, { timeout: 90_000 }).toBe(!wasStarred);
    expect(problems).toEqual([]);
  }, 300_000);

  it('refuses to unlock inside a frame (issue 19)', async () => {
    const host = await browser.newPage();
    await host.setContent(`<iframe id="app" src="${reader.dev.url}/" style="width:900px;height:700px"></iframe>`);
    const frame = host.frameLocator('#app');
    await frame.getByLabel('Passphrase').fill(reader.passphrase);
    await frame.getByRole('button', { name: 'Unlock' }).click();
    await expect.poll(() => frame.locator('#unlock-error').innerText(), { timeout: 30_000 }).toMatch(/^refusing to unlock: this page is inside a frame of another page; open the app's address in a tab of its own$/);
    // window.opener is covered in test/client/unsafe-window.test.ts: a popup ends the single-process Chromium.
  });

  it('OPML export, then import into a fresh app, gives the same feeds', async () => {
    const problems: string[] = [];
    const page = await open(reader, problems);
    await unlock(page, reader.passphrase);
    const titles = async (p: Page): Promise<string[]> => (await p.locator('#feeds button.feed').evaluateAll((bs) => bs.map((b) => b.querySelector('.feed-title')?.textContent ?? ''))).sort();
    const before = await titles(page);
    expect(before.length).toBeGreaterThan(0);
    const download = page.waitForEvent('download', { timeout: 90_000 });
    await page.getByRole('button', { name: 'Export OPML' }).click();
    const file = await (await download).path();
    const opml = readFileSync(file, 'utf8');
    expect(opml).toContain('<opml version="2.0">');

    fresh = await startReader({ realKdf: true });
    const other = await open(fresh, problems);
    await unlock(other, fresh.passphrase);
    await other.getByLabel('Import OPML').setInputFiles(file);
    await expect.poll(() => titles(other), { timeout: 120_000 }).toEqual(before);
    await expect.poll(() => statusText(other), { timeout: 120_000 }).toMatch(/^Refreshed \d+ feeds?, \d+ new items?$/);
    expect(problems).toEqual([]);
  }, 600_000);
});
