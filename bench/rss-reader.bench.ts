/**
 * rss-reader `fetch-feeds`: refreshing 20 unchanged feeds of 200 items each with conditional GET
 * (ETag → 304, nothing parsed or written) vs the naive way (full download, parse, merge every time).
 * In-memory kv, real HTTP on 127.0.0.1, so the figure is the job's own work.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addFeed } from '../apps/rss-reader/jobs/add-feed.ts';
import { fetchFeeds } from '../apps/rss-reader/jobs/fetch-feeds.ts';
import { getMeta, keys, listFeedIds, putJson, type Kv } from '../apps/rss-reader/lib/store.ts';
import { startFeedServer } from '../apps/rss-reader/samples/feed-server.ts';
import type { Report } from './index.ts';

const FEEDS = 20;
const ITEMS = 200;
const ROUNDS = 7;

function feedXml(n: number): string {
  const items = Array.from({ length: ITEMS }, (_, i) => {
    const date = new Date(Date.UTC(2026, 10, 1) - i * 3_600_000).toUTCString();
    return `<item><title>Feed ${n} item ${i} &amp; more</title><link>https://f${n}.example/${i}</link><guid>f${n}-${i}</guid><pubDate>${date}</pubDate><description>&lt;p&gt;Body of item ${i}, a sentence or two of text.&lt;/p&gt;</description></item>`;
  });
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>Feed ${n}</title><link>https://f${n}.example/</link>${items.join('')}</channel></rss>`;
}

function memoryKv(): Kv {
  const data = new Map<string, string>();
  return {
    get: async (k) => data.get(k),
    list: async (p) => [...data.keys()].filter((k) => k.startsWith(p)).sort(),
    set: (k, v) => void data.set(k, v),
    delete: (k) => void data.delete(k),
  };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export default async function bench(report: Report): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'rss-bench-'));
  for (let n = 0; n < FEEDS; n++) writeFileSync(join(dir, `f${n}.rss.xml`), feedXml(n));
  const server = await startFeedServer({ dir });
  try {
    const kv = memoryKv();
    for (const url of server.feeds) await addFeed(kv, { url });
    const dropValidators = async (): Promise<void> => {
      for (const id of await listFeedIds(kv)) {
        const meta = (await getMeta(kv, id))!;
        await putJson(kv, keys.meta(id), { ...meta, etag: undefined, lastModified: undefined });
      }
    };
    const conditional: number[] = [];
    const naive: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      let t = performance.now();
      const c = await fetchFeeds(kv);
      conditional.push(performance.now() - t);
      if (c.notModified !== FEEDS) throw new Error(`expected ${FEEDS} answers 304, got ${c.notModified}`);
      await dropValidators();
      t = performance.now();
      await fetchFeeds(kv);
      naive.push(performance.now() - t);
    }
    const cond = median(conditional);
    const full = median(naive);
    report({ name: 'fetch-feeds conditional (304)', value: Math.round(cond * 10) / 10, unit: 'ms', feeds: FEEDS, items: ITEMS, rounds: ROUNDS });
    report({ name: 'fetch-feeds naive (full download + parse)', value: Math.round(full * 10) / 10, unit: 'ms', feeds: FEEDS, items: ITEMS, rounds: ROUNDS });
    report({ name: 'fetch-feeds naive / conditional', value: Math.round((full / cond) * 10) / 10, unit: 'x' });
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
