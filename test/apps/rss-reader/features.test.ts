/** The reader's everyday features against the fixture feed server: autodiscovery, folders, stars, unread, OPML, pruning, keyed ids. */
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addFeed } from '../../../apps/rss-reader/jobs/add-feed.ts';
import { fetchFeeds } from '../../../apps/rss-reader/jobs/fetch-feeds.ts';
import { markAllRead } from '../../../apps/rss-reader/jobs/mark-all-read.ts';
import { markRead } from '../../../apps/rss-reader/jobs/mark-read.ts';
import { exportOpml, importOpml } from '../../../apps/rss-reader/jobs/opml.ts';
import { removeFeed } from '../../../apps/rss-reader/jobs/remove-feed.ts';
import { star } from '../../../apps/rss-reader/jobs/star.ts';
import { updateFeed } from '../../../apps/rss-reader/jobs/update-feed.ts';
import { getIndex, refreshIndex } from '../../../apps/rss-reader/lib/feed-index.ts';
import { feedIdKey, feedIdOf } from '../../../apps/rss-reader/lib/hash.ts';
import { MAX_ITEMS_PER_FEED, mergeItems } from '../../../apps/rss-reader/lib/merge.ts';
import { parseOpml } from '../../../apps/rss-reader/lib/opml.ts';
import { getItems, getMeta, getRead, getStarred, keys, listFeedIds, putJson } from '../../../apps/rss-reader/lib/store.ts';
import type { FeedItem } from '../../../apps/rss-reader/lib/types.ts';
import { startFixtureServer, type FixtureServer } from './helpers/fixture-server.ts';
import { contents, memoryKv } from './helpers/memory-kv.ts';

let server: FixtureServer;
beforeAll(async () => {
  process.env.RSS_ALLOW_LOOPBACK = '1';
  server = await startFixtureServer();
});
afterAll(async () => {
  delete process.env.RSS_ALLOW_LOOPBACK;
  await server.close();
});

const rejection = async (p: Promise<unknown>): Promise<Error> => p.then(() => new Error('resolved'), (err: Error) => err);

describe('subscribing', () => {
  it('by a site URL finds the feed the page announces', async () => {
    const kv = memoryKv();
    const out = await addFeed(kv, { url: `${server.origin}/site/`, folder: 'Sea' });
    expect(out).toMatchObject({ url: `${server.origin}/samples/harbor-notes.rss.xml`, title: 'Harbor Notes', added: true, items: 4 });
    expect(await getMeta(kv, out.feedId)).toMatchObject({ folder: 'Sea', url: out.url });
    expect((await addFeed(kv, { url: `${server.origin}/samples/harbor-notes.rss.xml` })).added).toBe(false);
    const none = await rejection(addFeed(memoryKv(), { url: `${server.origin}/site-without-feed/` }));
    expect(none.message).toMatch(/announces no feed/);
  });

  it('RSS 1.0 works; a malformed feed fails in words', async () => {
    const kv = memoryKv();
    expect(await addFeed(kv, { url: `${server.origin}/fixtures/rdf.xml` })).toMatchObject({ title: 'Tide Tables', items: 2 });
    expect((await rejection(addFeed(kv, { url: `${server.origin}/fixtures/malformed.xml` }))).message).toMatch(/not a valid XML feed \(line 2/);
  });
});

describe('organising and reading', () => {
  it('rename, folder, star, unstar, mark unread, mark all read, remove', async () => {
    const kv = memoryKv();
    const { feedId } = await addFeed(kv, { url: `${server.origin}/samples/small-kitchen.feed.json` });
    expect(await updateFeed(kv, { feedId, title: 'Kitchen', folder: 'Food' })).toEqual({ feedId, title: 'Kitchen', folder: 'Food' });
    expect(await updateFeed(kv, { feedId, title: '', folder: '' })).toEqual({ feedId, title: 'Small Kitchen' });
    const ids = (await getItems(kv, feedId)).map((i) => i.id);
    await star(kv, { feedId, itemId: ids[0]!, starred: true });
    await star(kv, { feedId, itemId: ids[2]!, starred: true });
    await star(kv, { feedId, itemId: ids[0]!, starred: false });
    expect(await getStarred(kv, feedId)).toEqual([ids[2]]);
    expect((await rejection(star(kv, { feedId, itemId: 'abcdefabcdef', starred: true }))).message).toMatch(/no item/);
    expect(await markRead(kv, { feedId, all: true })).toEqual({ feedId, unread: 0 });
    expect(await markRead(kv, { feedId, itemIds: [ids[1]!], unread: true })).toEqual({ feedId, unread: 1 });
    expect(await getRead(kv, feedId)).toEqual([ids[0], ids[2]]);
    const other = await addFeed(kv, { url: `${server.origin}/samples/fieldwork.atom.xml` });
    expect(await markAllRead(kv, { seenBefore: '2000-01-01T00:00:00.000Z' })).toEqual({ feeds: 0, marked: 0, feedIds: [] });
    expect(await markAllRead(kv, {})).toMatchObject({ feeds: 2, marked: 1 + other.items });
    await removeFeed(kv, { feedId });
    expect([...(await contents(kv)).keys()].filter((k) => k.includes(feedId))).toEqual([]);
  });

  it('pruning keeps at most 200 items, drops old read items that left the feed, and keeps starred ones', () => {
    const day = (d: number): string => new Date(Date.UTC(2026, 0, 1) + d * 86_400_000).toISOString();
    const stored: FeedItem[] = Array.from({ length: 260 }, (_, i) => ({ id: `i${String(i).padStart(3, '0')}`, title: `${i}`, published: day(i / 10), seenAt: day(i / 10) }));
    const read = new Set(['i259', 'i000', 'i100']);
    const starred = new Set(['i001']);
    const { items } = mergeItems(stored, [{ id: 'i259', title: 'still in the feed', published: day(25.9) }], day(70), MAX_ITEMS_PER_FEED, { read, starred });
    const ids = items.map((i) => i.id);
    expect(ids).toContain('i259');
    expect(ids).toContain('i001');
    expect(ids).not.toContain('i100');
    expect(ids).not.toContain('i000');
    expect(ids).toHaveLength(201);
  });
});

describe('index.json', () => {
  it('lists every feed with its counts after one read, and follows changes', async () => {
    const kv = memoryKv();
    const a = await addFeed(kv, { url: `${server.origin}/samples/harbor-notes.rss.xml` });
    const b = await addFeed(kv, { url: `${server.origin}/samples/fieldwork.atom.xml` });
    await refreshIndex(kv);
    const rows = async (): Promise<unknown[][]> => ((await getIndex(kv)) ?? []).map((s) => [s.meta.id, s.meta.title, s.items, s.unread, s.starred]);
    expect(await rows()).toEqual([[a.feedId, 'Harbor Notes', 4, 4, 0], [b.feedId, 'Fieldwork Log', 3, 3, 0]].sort((x, y) => String(x[0]).localeCompare(String(y[0]))));
    const stamp = (await getIndex(kv))!.find((s) => s.meta.id === a.feedId)!.stamp;
    await markRead(kv, { feedId: a.feedId, all: true });
    await star(kv, { feedId: a.feedId, itemId: (await getItems(kv, a.feedId))[0]!.id, starred: true });
    await refreshIndex(kv, [a.feedId]);
    const after = (await getIndex(kv))!.find((s) => s.meta.id === a.feedId)!;
    expect([after.unread, after.starred]).toEqual([0, 1]);
    expect(after.stamp).not.toBe(stamp);
    await removeFeed(kv, { feedId: b.feedId });
    await refreshIndex(kv, [b.feedId]);
    expect((await getIndex(kv))!.map((s) => s.meta.id)).toEqual([a.feedId]);
  });
});

describe('OPML', () => {
  it('import subscribes the file\'s feeds with names and folders; export gives them back', async () => {
    const kv = memoryKv();
    const text = await (await fetch(`${server.origin}/fixtures/subscriptions.opml`)).text();
    const out = await importOpml(kv, { opml: text });
    expect(out).toMatchObject({ added: 3, existing: 0 });
    const metas = await Promise.all((await listFeedIds(kv)).map((id) => getMeta(kv, id)));
    expect(metas.map((m) => [m?.name, m?.folder ?? '']).sort()).toEqual([['Harbor Notes', 'Sea'], ['Small Kitchen (my name)', ''], ['Tide Tables', 'Sea']]);
    expect(await fetchFeeds(kv)).toMatchObject({ feeds: 3, failed: [] });
    expect(await importOpml(kv, { opml: text })).toMatchObject({ added: 0, existing: 3 });
    const { opml, feeds } = await exportOpml(kv);
    expect(feeds).toBe(3);
    const back = parseOpml(opml).sort((a, b) => a.url.localeCompare(b.url));
    expect(back.map((f) => [f.title, f.folder ?? ''])).toEqual([['Tide Tables', 'Sea'], ['Harbor Notes', 'Sea'], ['Small Kitchen (my name)', '']]);
    const fresh = memoryKv();
    await importOpml(fresh, { opml });
    const again = await Promise.all((await listFeedIds(fresh)).map((id) => getMeta(fresh, id)));
    expect(again.map((m) => [m?.url, m?.folder ?? '']).sort()).toEqual(metas.map((m) => [m?.url, m?.folder ?? '']).sort());
    expect((await rejection(importOpml(kv, { opml: '<opml><body><outline' }))).message).toMatch(/not a valid OPML file/);
  });
});

describe('keyed feed ids', () => {
  it('are an HMAC under a key derived from GFA_SECRET_KEY; plain SHA-256 only without a key', () => {
    const url = 'https://a.example/feed';
    const plain = createHash('sha256').update(url).digest('hex');
    expect(feedIdOf(url, undefined)).toBe(plain.slice(0, 10));
    const k1 = feedIdKey({ GFA_SECRET_KEY: randomBytes(32).toString('base64') });
    const k2 = feedIdKey({ GFA_SECRET_KEY: randomBytes(32).toString('base64') });
    expect(feedIdOf(url, k1)).toMatch(/^[0-9a-f]{16}$/);
    expect(feedIdOf(url, k1)).not.toBe(feedIdOf(url, k2));
    expect(plain.startsWith(feedIdOf(url, k1))).toBe(false);
    expect(feedIdKey({})).toBeUndefined();
  });

  it('fetch-feeds moves feeds stored under old ids to the keyed id, with their read and starred state', async () => {
    const kv = memoryKv();
    const { feedId } = await addFeed(kv, { url: `${server.origin}/samples/fieldwork.atom.xml` });
    const ids = (await getItems(kv, feedId)).map((i) => i.id);
    await markRead(kv, { feedId, itemIds: [ids[0]!] });
    await star(kv, { feedId, itemId: ids[1]!, starred: true });
    const secret = randomBytes(32).toString('base64');
    process.env.GFA_SECRET_KEY = secret;
    try {
      await fetchFeeds(kv);
      const [moved] = await listFeedIds(kv);
      expect(moved).toBe(feedIdOf(`${server.origin}/samples/fieldwork.atom.xml`, feedIdKey({ GFA_SECRET_KEY: secret })));
      expect([...(await contents(kv)).keys()].filter((k) => k.includes(feedId))).toEqual([]);
      expect((await getMeta(kv, moved!))?.id).toBe(moved);
      expect(await getRead(kv, moved!)).toEqual([ids[0]]);
      expect(await getStarred(kv, moved!)).toEqual([ids[1]]);
      expect(await getItems(kv, moved!)).toHaveLength(3);
      await putJson(kv, keys.meta('0123456789'), { ...(await getMeta(kv, moved!))!, id: '0123456789' });
      await fetchFeeds(kv);
      expect(await listFeedIds(kv)).toEqual([moved]);
    } finally {
      delete process.env.GFA_SECRET_KEY;
    }
  });
});
