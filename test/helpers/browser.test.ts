/**
 * The browser helper launches Chromium with web security on: a page on one origin cannot read an
 * answer from another origin that sends no `Access-Control-Allow-Origin`, and turning it off needs a reason.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserArgs, launchBrowser } from './browser.ts';

let servers: Server[] = [];
const origins: string[] = [];

beforeAll(async () => {
  // Two origins on 127.0.0.1: a page, and an API that answers without any CORS header.
  servers = [
    createServer((_req, res) => void res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>page</title>')),
    createServer((_req, res) => void res.writeHead(200, { 'content-type': 'application/json' }).end('{"secret":1}')),
  ];
  for (const s of servers) {
    await new Promise<void>((ok) => s.listen(0, '127.0.0.1', ok));
    origins.push(`http://127.0.0.1:${(s.address() as AddressInfo).port}`);
  }
});

afterAll(async () => {
  for (const s of servers) await new Promise<void>((ok) => s.close(() => ok()));
});

describe('launchBrowser', () => {
  it('keeps web security on unless a test says why', async () => {
    expect(await browserArgs()).not.toContain('--disable-web-security');
    await expect(browserArgs({ webSecurity: false, reason: '' })).rejects.toThrow(/needs a reason/);
    expect(await browserArgs({ webSecurity: false, reason: 'reads a page of another origin on purpose' })).toContain('--disable-web-security');
  });

  it('blocks a cross-origin read that the other origin does not allow', async () => {
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      await page.goto(`${origins[0]}/`);
      const read = (url: string) => page.evaluate(async (u) => fetch(u).then((r) => r.text(), (e: Error) => `blocked: ${e.name}`), url);
      expect(await read(`${origins[1]}/`)).toBe('blocked: TypeError');
      expect(await read(`${origins[0]}/`)).toContain('<title>page</title>');
    } finally {
      await browser.close();
    }
  }, 60_000);
});
