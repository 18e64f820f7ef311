/**
 * rss-reader at scale and under attack:
 * - `fetch-feeds` over 500 feeds on a local server answering after 50 ms, 50 of them changed since the
 *   last run: wall time and body bytes with conditional GET vs fetching everything unconditionally;
 * - unlock → interactive list in headless Chromium on `gfa dev` with 500 feeds / 25,000 items, and the
 *   page's gzip size;
 * - the `<`-bomb (100 KB of `<`) through the old regex `htmlToText` and the new linear one.
 * In-memory kv for the first, so that figure is the job's own network and parse work.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fetchFeeds } from '../apps/rss-reader/jobs/fetch-feeds.ts';
import { importOpml } from '../apps/rss-reader/jobs/opml.ts';
import { buildOpml } from '../apps/rss-reader/lib/opml.ts';
import { getMeta, keys, listFeedIds, putJson, type Kv } from '../apps/rss-reader/lib/store.ts';
import { decodeEntities, htmlToText } from '../apps/rss-reader/lib/text.ts';
import { launchBrowser } from '../test/helpers/browser.ts';
import { startReader } from '../test/apps/rss-reader/helpers/setup.ts';
import type { Report } from './index.ts';

const FEEDS = 500;
const CHANGED = 50;
const LATENCY_MS = 50;

function memoryKv(): Kv {
  const data = new Map<string, string>();
  return {
    get: async (k) => data.get(k),
    list: async (p) => [...data.keys()].filter((k) => k.startsWith(p)).sort(),
    set: (k, v) => void data.set(k, v),
    delete: (k) => void data.delete(k),
  };
}

function feedXml(n: number, items: number, version: number): string {
  const body = Array.from({ length: items }, (_, i) => {
    const date = new Date(Date.UTC(2026, 10, 1) - i * 3_600_000 + version * 60_000).toUTCString();
    const id = i === 0 ? `v${version}` : `${i}`;
    return `<item><title>Feed ${n} item ${id} &amp; more</title><link>https://f${n}.example/${id}</link><guid>f${n}-${id}</guid><pubDate>${date}</pubDate><description>&lt;p&gt;Body of item ${id}, a sentence or two of text about nothing much.&lt;/p&gt;</description></item>`;
  });
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>Feed ${n}</title><link>https://f${n}.example/</link>${body.join('')}</channel></rss>`;
}

/** A feed server for `count` feeds of `items` items, answering after `latency` ms, with ETags; counts body bytes. */
async function startBenchServer(count: number, items: number, latency: number) {
  const version = new Array<number>(count).fill(0);
  const cache = new Map<string, string>();
  const stats = { bytes: 0, requests: 0 };
  const server = createServer((req, res) => {
    const n = Number(/^\/f\/(\d+)$/.exec(req.url ?? '')?.[1] ?? -1);
    setTimeout(() => {
      stats.requests++;
      if (!(n >= 0 && n < count)) return void res.writeHead(404).end();
      const etag = `"${n}-${version[n]}"`;
      if (req.headers['if-none-match'] === etag) return void res.writeHead(304, { etag }).end();
      const key = `${n}/${version[n]}`;
      const body = cache.get(key) ?? feedXml(n, items, version[n]!);
      cache.set(key, body);
      stats.bytes += Buffer.byteLength(body);
      res.writeHead(200, { 'content-type': 'application/rss+xml', etag }).end(body);
    }, latency);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    urls: Array.from({ length: count }, (_, n) => `${origin}/f/${n}`),
    stats,
    change: (ns: number[]) => ns.forEach((n) => version[n]!++),
    close: () => new Promise<void>((ok) => (server.closeAllConnections(), server.close(() => ok()))),
  };
}

async function fetchAtScale(report: Report): Promise<void> {
  const srv = await startBenchServer(FEEDS, 20, LATENCY_MS);
  try {
    const kv = memoryKv();
    await importOpml(kv, { opml: buildOpml(srv.urls.map((url) => ({ url }))) });
    // The job's own concurrency (8), as the scheduled run uses it.
    const opts = { allowLoopback: true };
    await fetchFeeds(kv, undefined, opts);
    srv.change(Array.from({ length: CHANGED }, (_, i) => i * (FEEDS / CHANGED)));
    let before = { ...srv.stats };
    let t = performance.now();
    const cond = await fetchFeeds(kv, undefined, opts);
    const condMs = performance.now() - t;
    const condBytes = srv.stats.bytes - before.bytes;
    if (cond.notModified !== FEEDS - CHANGED || cond.added !== CHANGED) throw new Error(`expected ${FEEDS - CHANGED} answers 304 and ${CHANGED} new items, got ${JSON.stringify(cond)}`);
    for (const id of await listFeedIds(kv)) {
      const meta = (await getMeta(kv, id))!;
      await putJson(kv, keys.meta(id), { ...meta, etag: undefined, lastModified: undefined });
    }
    before = { ...srv.stats };
    t = performance.now();
    await fetchFeeds(kv, undefined, opts);
    const fullMs = performance.now() - t;
    const fullBytes = srv.stats.bytes - before.bytes;
    const extra = { feeds: FEEDS, changed: CHANGED, latencyMs: LATENCY_MS, concurrency: 8 };
    report({ name: 'fetch-feeds 500 feeds, 50 changed: conditional wall time', value: Math.round(condMs), unit: 'ms', ...extra });
    report({ name: 'fetch-feeds 500 feeds, 50 changed: conditional body bytes', value: condBytes, unit: 'B', ...extra });
    report({ name: 'fetch-feeds 500 feeds: unconditional wall time', value: Math.round(fullMs), unit: 'ms', ...extra });
    report({ name: 'fetch-feeds 500 feeds: unconditional body bytes', value: fullBytes, unit: 'B', ...extra });
  } finally {
    await srv.close();
  }
}

async function unlockAtScale(report: Report): Promise<void> {
  const srv = await startBenchServer(FEEDS, 50, 0);
  const reader = await startReader({ realKdf: true });
  const browser = await launchBrowser();
  try {
    await reader.run('import-opml', { opml: buildOpml(srv.urls.map((url) => ({ url: url.replace('http://127.0.0.1', 'http://127.1') }))).replace(/ title="[^"]*"/g, '').replace(/ text="http[^"]*"/g, '') });
    const fetched = await reader.run<{ feeds: number; failed: string[] }>('fetch-feeds');
    if (fetched.feeds !== FEEDS || fetched.failed.length > 0) throw new Error(`seeding failed: ${JSON.stringify(fetched).slice(0, 200)}`);
    const page = await browser.newPage({ viewport: { width: 1100, height: 800 } });
    await page.goto(`${reader.dev.url}/`);
    await page.getByLabel('Passphrase').fill(reader.passphrase);
    const t = performance.now();
    await page.getByRole('button', { name: 'Unlock' }).click();
    // The key derivation ends where loading starts.
    await page.waitForFunction(() => document.getElementById('status')?.textContent === 'Loading feeds…', undefined, { timeout: 600_000, polling: 50 });
    const unlockMs = performance.now() - t;
    await page.waitForSelector('body[data-ready="true"]', { timeout: 600_000 });
    const ms = performance.now() - t;
    report({ name: 'page unlock (Argon2id MODERATE, in the unlock worker)', value: Math.round(unlockMs), unit: 'ms' });
    const listed = await page.locator('#feeds button.feed').count();
    report({ name: 'page unlock → interactive feed list, 500 feeds / 25,000 items', value: Math.round(ms), unit: 'ms', feeds: FEEDS, items: FEEDS * 50, listed, kdf: 'Argon2id MODERATE' });
    await page.waitForSelector('body[data-loaded="true"]', { timeout: 600_000 });
    const all = performance.now() - t;
    const items = await page.locator('#items li.item').count();
    report({ name: 'page unlock → every item loaded, 500 feeds / 25,000 items', value: Math.round(all), unit: 'ms', listedItems: items });
    const pages = join(reader.dir, 'dist', 'pages');
    const size = ['index.html', 'main.js'].reduce((n, f) => n + gzipSync(readFileSync(join(pages, f))).length, 0);
    report({ name: 'page gzip size (index.html + main.js)', value: size, unit: 'B' });
  } finally {
    await browser.close();
    await reader.stop();
    await srv.close();
  }
}

/** The regex htmlToText the reader had before (quadratic on unclosed `<`), kept here to measure against. */
function oldHtmlToText(html: string): string {
  const noBlocks = html.replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, ' ');
  return decodeEntities(noBlocks.replace(/<[^>]*>/g, ' ')).replace(/\s+/g, ' ').trim();
}

function bomb(report: Report): void {
  const text = '<'.repeat(100 * 1024);
  let t = performance.now();
  oldHtmlToText(text);
  const old = performance.now() - t;
  t = performance.now();
  for (let i = 0; i < 10; i++) htmlToText(text, 280);
  const now = (performance.now() - t) / 10;
  report({ name: 'htmlToText on 100 KB of "<": old regex', value: Math.round(old), unit: 'ms' });
  report({ name: 'htmlToText on 100 KB of "<": linear, clipped at 280', value: Math.round(now * 1000) / 1000, unit: 'ms' });
}

export default async function bench(report: Report): Promise<void> {
  bomb(report);
  await fetchAtScale(report);
  await unlockAtScale(report);
}
