/**
 * Issue 23 in Chromium: an item shows its author, and an enclosure gets a play control (audio or video,
 * https only, loading nothing until pressed) and a download link; the page's CSP lets media come from
 * https hosts and nothing else widens.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../helpers/browser.ts';
import { startReader, type Reader } from './helpers/setup.ts';

const PODCAST = `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Harbour Radio</title><link>https://radio.example/</link>
<item><title>Episode 2: tides</title><guid>ep2</guid><dc:creator>Ann Lee</dc:creator><pubDate>Mon, 30 Nov 2026 08:00:00 GMT</pubDate>
  <enclosure url="https://media.example/ep2.mp3" length="12345678" type="audio/mpeg"/></item>
<item><title>Episode 1: video tour</title><guid>ep1</guid><author>bo@radio.example (Bo Chen)</author><pubDate>Sun, 29 Nov 2026 08:00:00 GMT</pubDate>
  <enclosure url="https://media.example/ep1.mp4" length="50000000" type="video/mp4"/><enclosure url="http://media.example/ep1-notes.pdf" type="application/pdf"/></item>
</channel></rss>`;

let reader: Reader;
let browser: Browser;
let server: Server;
let mediaRequests = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' }).end(PODCAST);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  [reader, browser] = await Promise.all([startReader({ realKdf: true }), launchBrowser()]);
  await reader.run('add-feed', { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/podcast.xml` });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await reader?.stop();
  await new Promise((ok) => server?.close(ok));
});

describe('authors and enclosures on the page', () => {
  it('shows the author, an audio and a video control and download links; players load nothing until pressed', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('request', (r) => {
      if (r.url().startsWith('https://media.example/')) mediaRequests++;
    });
    await page.goto(`${reader.dev.url}/`);
    const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    expect(csp).toContain("media-src 'self' https:");
    expect(csp).toContain("img-src 'self' data:");
    await page.getByLabel('Passphrase').fill(reader.passphrase);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
    await page.getByRole('button', { name: /^Harbour Radio, \d+ unread$/ }).click();

    const ep2 = page.locator('li.item', { hasText: 'Episode 2: tides' });
    await expect.poll(() => ep2.locator('.item-meta').innerText()).toMatch(/by Ann Lee/);
    expect(await ep2.locator('audio').getAttribute('src')).toBe('https://media.example/ep2.mp3');
    expect(await ep2.locator('audio').evaluate((a: HTMLAudioElement) => [a.controls, a.preload])).toEqual([true, 'none']);
    expect(await ep2.getByRole('link', { name: 'Download audio (MP3, 12.3 MB)' }).getAttribute('href')).toBe('https://media.example/ep2.mp3');

    const ep1 = page.locator('li.item', { hasText: 'Episode 1: video tour' });
    expect(await ep1.locator('.item-meta').innerText()).toMatch(/by Bo Chen/);
    expect(await ep1.locator('video').getAttribute('src')).toBe('https://media.example/ep1.mp4');
    // Not https, not media: a link only, no player.
    expect(await ep1.locator('audio, video').count()).toBe(1);
    expect(await ep1.getByRole('link', { name: 'Download file (PDF)' }).getAttribute('href')).toBe('http://media.example/ep1-notes.pdf');
    expect(mediaRequests).toBe(0);
  });
});
