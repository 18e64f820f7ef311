/** Issues 19 and 23: one hostile feed cannot bloat what the store keeps (its links grew meta.json and index.json to 1.9 MiB). */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addFeed } from '../../../apps/rss-reader/jobs/add-feed.ts';
import { refreshIndex } from '../../../apps/rss-reader/lib/feed-index.ts';
import { contents, memoryKv } from './helpers/memory-kv.ts';

const huge = `https://evil.example/${'a'.repeat(1_500_000)}`;
const items = Array.from({ length: 5 }, (_, i) => `<item><guid>${i}</guid><title>${'T'.repeat(5000)}</title><link>${huge.slice(0, 50_000)}</link><author>${'A'.repeat(5000)}</author>${'<enclosure url="https://cdn.example/x.mp3" type="audio/mpeg"/>'.repeat(1)}${Array.from({ length: 50 }, (_, j) => `<enclosure url="https://cdn.example/${j}.mp3"/>`).join('')}</item>`).join('');
const FEED = `<?xml version="1.0"?><rss version="2.0"><channel><title>${'N'.repeat(10_000)}</title><link>${huge}</link>${items}</channel></rss>`;

let server: Server;
let url = '';
beforeAll(async () => {
  server = createServer((_req, res) => void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(FEED));
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/feed.xml`;
});
afterAll(() => new Promise<void>((ok) => server.close(() => ok())));

describe('caps on stored values', () => {
  it('a feed with 1.5 MB links, 10 KB titles and 50 enclosures per item stores a few KB', async () => {
    const kv = memoryKv();
    const { feedId } = await addFeed(kv, { url }, undefined, { allowLoopback: true });
    await refreshIndex(kv);
    const stored = await contents(kv);
    const meta = stored.get(`feeds/${feedId}/meta.json`)!;
    expect(meta.length).toBeLessThan(2048);
    expect(JSON.parse(meta).siteUrl).toBeUndefined();
    expect(stored.get('index.json')!.length).toBeLessThan(4096);
    const items = JSON.parse(stored.get(`feeds/${feedId}/items.json`)!) as { title: string; link?: string; author?: string; enclosures?: unknown[] }[];
    expect(stored.get(`feeds/${feedId}/items.json`)!.length).toBeLessThan(5 * 1024);
    for (const it of items) {
      expect(it.title.length).toBeLessThanOrEqual(300);
      expect(it.link).toBeUndefined();
      expect(it.author!.length).toBeLessThanOrEqual(120);
      expect(it.enclosures).toHaveLength(3);
    }
  });
});
