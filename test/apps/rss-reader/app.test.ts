/** The built rss-reader bundles on a real `gfa dev` (git http-backend remote, encrypted data branch). */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getIndex } from '../../../apps/rss-reader/lib/feed-index.ts';
import { getItems, getMeta, getRead, listFeedIds } from '../../../apps/rss-reader/lib/store.ts';
import { isGfaError } from '../../../framework/errors.ts';
import { startReader, type Reader } from './helpers/setup.ts';

const exec = promisify(execFile);
let reader: Reader;
/** A feed whose answer the test switches: the sample RSS, a 500, or garbage. */
let flaky: { server: Server; url: string; mode: 'ok' | '500' | 'garbage' };

beforeAll(async () => {
  reader = await startReader();
  const rss = readFileSync(join(reader.dir, 'samples', 'harbor-notes.rss.xml'), 'utf8').replace(/harbor-notes/g, 'flaky-notes').replace('Harbor Notes', 'Flaky Notes');
  const server = createServer((_req, res) => {
    if (flaky.mode === '500') res.writeHead(500).end('oops');
    else if (flaky.mode === 'garbage') res.writeHead(200, { 'content-type': 'text/xml' }).end('<rss><channel><item>');
    else res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rss);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  flaky = { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/feed.xml`, mode: 'ok' };
}, 180_000);

afterAll(async () => {
  flaky?.server.closeAllConnections();
  await new Promise<void>((ok) => (flaky ? flaky.server.close(() => ok()) : ok()));
  await reader?.stop();
});

const rejection = async (p: Promise<unknown>): Promise<unknown> => p.then(() => undefined, (err: unknown) => err);

// Jobs run as child processes on a shared 2-core machine: generous timeouts, no timing assertions.
describe('rss-reader on gfa dev', { timeout: 180_000 }, () => {
  it('builds one self-contained bundle per job and a manifest with the schedule', () => {
    expect(readdirSync(join(reader.dir, 'dist', 'jobs')).sort()).toEqual(['add-feed.mjs', 'export-opml.mjs', 'fetch-feeds.mjs', 'import-opml.mjs', 'mark-all-read.mjs', 'mark-read.mjs', 'remove-feed.mjs', 'star.mjs', 'update-feed.mjs']);
    const manifest = JSON.parse(readFileSync(join(reader.dir, 'dist', 'gfa.json'), 'utf8')) as { store: { encrypt: boolean }; jobs: Record<string, { schedules: string[]; trigger?: unknown }> };
    expect(manifest.store.encrypt).toBe(true);
    expect(manifest.jobs['fetch-feeds']).toMatchObject({ schedules: ['*/15 * * * *'], trigger: {} });
    expect(manifest.jobs['add-feed']?.schedules).toEqual([]);
    expect(existsSync(join(reader.dir, 'dist', 'pages', 'main.js'))).toBe(true);
    expect(readFileSync(join(reader.dir, 'dist', 'pages', 'main.js'), 'utf8')).not.toMatch(/\.innerHTML\s*=/);
  });

  it('add-feed subscribes each sample feed and stores its items, encrypted on the data branch', async () => {
    const outs = await Promise.all(reader.feeds.feeds.map((url) => reader.run<{ feedId: string; added: boolean; items: number }>('add-feed', { url })));
    expect(outs.map((o) => [o.added, o.items])).toEqual([[true, 3], [true, 4], [true, 3]]);
    const kv = reader.client.kv;
    expect(await listFeedIds(kv)).toEqual(outs.map((o) => o.feedId).sort());
    const titles = await Promise.all(outs.map(async (o) => (await getMeta(kv, o.feedId))?.title));
    expect(titles).toEqual(['Fieldwork Log', 'Harbor Notes', 'Small Kitchen']);
    // The jobs keep index.json: the page lists every feed after one read.
    expect((await getIndex(kv))?.map((s) => s.meta.id)).toEqual(outs.map((o) => o.feedId).sort());
    expect((await getItems(kv, outs[1]!.feedId))[0]?.title).toBe('Winter moorings are open');
    // What anyone with read access to the branch sees: key names, not titles.
    const clone = mkdtempSync(join(tmpdir(), 'rss-reader-clone-'));
    try {
      await exec('git', ['clone', '-q', '--branch', 'data', reader.dev.remoteUrl, clone]);
      const raw = readFileSync(join(clone, 'feeds', outs[1]!.feedId, 'items.json'));
      expect(raw.toString('latin1')).not.toContain('Winter moorings');
    } finally {
      rmSync(clone, { recursive: true, force: true });
    }
  });

  it('fetch-feeds refreshes everything; a failing feed gets an error and the others do not', async () => {
    const flakyOut = await reader.run<{ feedId: string }>('add-feed', { url: flaky.url });
    expect((await getMeta(reader.client.kv, flakyOut.feedId))?.title).toBe('Flaky Notes');
    flaky.mode = '500';
    const first = await reader.run<{ feeds: number; notModified: number; failed: string[] }>('fetch-feeds');
    expect(first).toMatchObject({ feeds: 4, notModified: 3, failed: [flakyOut.feedId] });
    expect((await getMeta(reader.client.kv, flakyOut.feedId))?.error).toMatch(/HTTP 500/);
    expect((await getItems(reader.client.kv, flakyOut.feedId)).length).toBe(4);
    flaky.mode = 'garbage';
    await reader.run('fetch-feeds');
    expect((await getMeta(reader.client.kv, flakyOut.feedId))?.error).toMatch(/not a valid XML feed/);
    flaky.mode = 'ok';
    expect((await reader.run<{ failed: string[] }>('fetch-feeds')).failed).toEqual([]);
    expect((await getMeta(reader.client.kv, flakyOut.feedId))?.error).toBeUndefined();
    await reader.run('remove-feed', { feedId: flakyOut.feedId });
    expect(await getMeta(reader.client.kv, flakyOut.feedId)).toBeUndefined();
  });

  it('mark-read marks one item, then all; bad input is refused before the handler runs', async () => {
    const [feedId] = await listFeedIds(reader.client.kv);
    const items = await getItems(reader.client.kv, feedId!);
    expect(await reader.run('mark-read', { feedId, itemIds: [items[0]!.id] })).toEqual({ feedId, unread: items.length - 1 });
    expect(await getRead(reader.client.kv, feedId!)).toEqual([items[0]!.id]);
    expect(await reader.run('mark-read', { feedId, all: true })).toEqual({ feedId, unread: 0 });
    const bad = await rejection(reader.run('add-feed', { url: 'javascript:alert(1)' }));
    expect(isGfaError(bad)).toBe(true);
    expect((bad as Error).message).toMatch(/http/);
    const missing = await rejection(reader.run('mark-read', { feedId: 'ffffffffff', all: true }));
    expect(isGfaError(missing, 'E_NOT_FOUND')).toBe(true);
  });
});
