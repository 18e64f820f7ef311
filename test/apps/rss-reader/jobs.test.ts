import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addFeed } from '../../../apps/rss-reader/jobs/add-feed.ts';
import { feedIdOf } from '../../../apps/rss-reader/lib/hash.ts';
import { fetchFeeds } from '../../../apps/rss-reader/jobs/fetch-feeds.ts';
import { markRead } from '../../../apps/rss-reader/jobs/mark-read.ts';
import { removeFeed } from '../../../apps/rss-reader/jobs/remove-feed.ts';
import { getItems, getMeta, getRead, keys, listFeedIds, putJson } from '../../../apps/rss-reader/lib/store.ts';
import { startFeedServer, type FeedServer } from '../../../apps/rss-reader/samples/feed-server.ts';
import { isGfaError } from '../../../framework/errors.ts';
import { contents, memoryKv } from './helpers/memory-kv.ts';

let feeds: FeedServer;
beforeAll(async () => {
  // The test feed server is on 127.0.0.1: opt in, as the local demo does (the SSRF tests opt out per call).
  process.env.RSS_ALLOW_LOOPBACK = '1';
  feeds = await startFeedServer();
});
afterAll(async () => {
  delete process.env.RSS_ALLOW_LOOPBACK;
  await feeds.close();
});

const rejection = async (p: Promise<unknown>): Promise<unknown> => p.then(() => undefined, (err: unknown) => err);

describe('rss-reader job logic (in-memory kv, real HTTP)', () => {
  it('add-feed stores meta and items; adding again changes nothing', async () => {
    const kv = memoryKv();
    const url = feeds.feeds.find((u) => u.endsWith('.rss.xml'))!;
    const out = await addFeed(kv, { url });
    expect(out).toMatchObject({ title: 'Harbor Notes', added: true, items: 4 });
    expect(await listFeedIds(kv)).toEqual([out.feedId]);
    const meta = await getMeta(kv, out.feedId);
    expect(meta).toMatchObject({ url, title: 'Harbor Notes', siteUrl: 'https://harbor-notes.example/' });
    expect(meta?.etag).toMatch(/^"[0-9a-f]+"$/);
    expect(meta?.lastModified).toBeTruthy();
    expect(meta?.error).toBeUndefined();
    const items = await getItems(kv, out.feedId);
    expect(items.map((i) => i.published)).toEqual([...items.map((i) => i.published)].sort().reverse());
    const before = await contents(kv);
    expect(await addFeed(kv, { url })).toMatchObject({ feedId: out.feedId, added: false });
    expect(await contents(kv)).toEqual(before);
  });

  it('add-feed of a broken URL fails clearly and stores nothing', async () => {
    const kv = memoryKv();
    const err = await rejection(addFeed(kv, { url: `${feeds.origin}/broken/garbage` }));
    expect(isGfaError(err, 'E_INPUT')).toBe(true);
    expect((err as Error).message).toMatch(/^cannot subscribe to 127\.0\.0\.1:\d+: not a valid XML feed/);
    const err500 = await rejection(addFeed(kv, { url: `${feeds.origin}/broken/500` }));
    expect(isGfaError(err500, 'E_HTTP')).toBe(true);
    expect((err500 as Error).message).toMatch(/HTTP 500/);
    const refused = await rejection(addFeed(kv, { url: 'http://127.0.0.1:1/feed.xml' }));
    expect(isGfaError(refused, 'E_HTTP')).toBe(true);
    expect((await contents(kv)).size).toBe(0);
  });

  it('fetch-feeds uses conditional GET, records a failing feed and keeps the others', async () => {
    const kv = memoryKv();
    for (const url of feeds.feeds) await addFeed(kv, { url });
    // Subscribe a feed that later breaks: store its meta by hand as if it had worked once.
    const brokenId = feedIdOf(`${feeds.origin}/broken/500`);
    await putJson(kv, keys.meta(brokenId), { id: brokenId, url: `${feeds.origin}/broken/500`, title: 'Broken', addedAt: new Date().toISOString() });
    const hitsBefore = feeds.hits.length;
    const out = await fetchFeeds(kv);
    expect(out).toEqual({ feeds: 4, added: 0, notModified: 3, failed: [brokenId], skipped: 0 });
    const statuses = feeds.hits.slice(hitsBefore).map((h) => h.status).sort();
    expect(statuses).toEqual([304, 304, 304, 500]);
    expect((await getMeta(kv, brokenId))?.error).toBe('HTTP 500 Internal Server Error');
    for (const id of await listFeedIds(kv)) {
      if (id !== brokenId) expect((await getMeta(kv, id))?.error).toBeUndefined();
    }
    // A feed whose ETag is lost is fetched in full again; nothing is new.
    const [someId] = (await listFeedIds(kv)).filter((id) => id !== brokenId);
    const meta = (await getMeta(kv, someId!))!;
    await putJson(kv, keys.meta(someId!), { ...meta, etag: undefined, lastModified: undefined });
    expect((await fetchFeeds(kv)).notModified).toBe(2);
  });

  it('merges new items, keeps read state, and clears an error once the feed recovers', async () => {
    const kv = memoryKv();
    const url = feeds.feeds.find((u) => u.endsWith('.feed.json'))!;
    const { feedId } = await addFeed(kv, { url });
    const items = await getItems(kv, feedId);
    expect(items).toHaveLength(3);
    // Pretend the last stored state was older: drop the newest item and the validators.
    await putJson(kv, keys.items(feedId), items.slice(1));
    await putJson(kv, keys.meta(feedId), { ...(await getMeta(kv, feedId))!, etag: undefined, lastModified: undefined, error: 'HTTP 503' });
    await markRead(kv, { feedId, itemIds: [items[1]!.id] });
    const out = await fetchFeeds(kv);
    expect(out.added).toBe(1);
    expect((await getItems(kv, feedId)).map((i) => i.id)).toEqual(items.map((i) => i.id));
    expect(await getRead(kv, feedId)).toEqual([items[1]!.id]);
    expect((await getMeta(kv, feedId))?.error).toBeUndefined();
  });

  it('mark-read marks items or all, ignores unknown ids; remove-feed deletes the keys', async () => {
    const kv = memoryKv();
    const { feedId } = await addFeed(kv, { url: feeds.feeds.find((u) => u.endsWith('.atom.xml'))! });
    const ids = (await getItems(kv, feedId)).map((i) => i.id);
    expect(await markRead(kv, { feedId, itemIds: [ids[2]!, 'abcdef123456'] })).toEqual({ feedId, unread: 2 });
    expect(await getRead(kv, feedId)).toEqual([ids[2]]);
    expect(await markRead(kv, { feedId, all: true })).toEqual({ feedId, unread: 0 });
    expect(await getRead(kv, feedId)).toEqual(ids);
    expect(isGfaError(await rejection(markRead(kv, { feedId: 'ffffffffff', all: true })), 'E_NOT_FOUND')).toBe(true);
    expect(await removeFeed(kv, { feedId })).toEqual({ feedId, removed: true });
    expect((await contents(kv)).size).toBe(0);
    expect(isGfaError(await rejection(removeFeed(kv, { feedId })), 'E_NOT_FOUND')).toBe(true);
  });
});
