/** Hostile feeds against the job logic: SSRF at every hop, slow and huge answers, the `<`-bomb, the run's deadline. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addFeed } from '../../../apps/rss-reader/jobs/add-feed.ts';
import { fetchFeeds } from '../../../apps/rss-reader/jobs/fetch-feeds.ts';
import { feedIdOf } from '../../../apps/rss-reader/lib/hash.ts';
import { fetchFeedBody } from '../../../apps/rss-reader/lib/http.ts';
import { addressKind } from '../../../apps/rss-reader/lib/net/address.ts';
import { guardedLookup } from '../../../apps/rss-reader/lib/net/lookup.ts';
import { getItems, getMeta, keys, listFeedIds, putJson } from '../../../apps/rss-reader/lib/store.ts';
import { isGfaError } from '../../../framework/errors.ts';
import { startFixtureServer, type FixtureServer } from './helpers/fixture-server.ts';
import { contents, memoryKv } from './helpers/memory-kv.ts';

let server: FixtureServer;
beforeAll(async () => {
  server = await startFixtureServer();
});
afterAll(async () => {
  await server.close();
});

const rejection = async (p: Promise<unknown>): Promise<Error> => p.then(() => new Error('resolved'), (err: Error) => err);
const LOOPBACK_OK = { allowLoopback: true };

describe('address checks', () => {
  it('refuses loopback, private, link-local, unique-local, CGNAT, unspecified and multicast, in IPv4 and IPv6', () => {
    const refused: [string, string][] = [
      ['127.0.0.1', 'loopback'], ['127.255.0.9', 'loopback'], ['::1', 'loopback'], ['::ffff:127.0.0.1', 'loopback'], ['::ffff:7f00:1', 'loopback'],
      ['10.0.0.7', 'private'], ['172.16.4.4', 'private'], ['192.168.1.1', 'private'], ['::ffff:192.168.1.1', 'private'],
      ['169.254.169.254', 'link-local'], ['fe80::1%eth0', 'link-local'], ['64:ff9b::a9fe:a9fe', 'link-local'],
      ['fc00::1', 'unique-local'], ['fd12:3456::1', 'unique-local'], ['100.64.0.1', 'shared (CGNAT)'], ['100.127.255.255', 'shared (CGNAT)'],
      ['0.0.0.0', 'unspecified'], ['::', 'unspecified'], ['224.0.0.251', 'multicast'], ['ff02::1', 'multicast'],
      ['255.255.255.255', 'reserved'], ['2002:a00:1::', 'private'], ['not an ip', 'reserved'],
    ];
    for (const [ip, kind] of refused) expect([ip, addressKind(ip)]).toEqual([ip, kind]);
    // Issue 19: the rest of the IANA IPv6 special-purpose registry, each range at its first and last address.
    const registry: [string, string][] = [
      ['::ffff:0:7f00:1', 'loopback'], ['::ffff:0:a00:1', 'private'], ['::ffff:0:0:0', 'unspecified'],
      ['64:ff9b:1::', 'reserved'], ['64:ff9b:1:ffff:ffff:ffff:ffff:ffff', 'reserved'],
      ['100::1', 'reserved'], ['100:0:0:1::1', 'reserved'],
      ['2001::', 'reserved'], ['2001:0:ffff:ffff:ffff:ffff:ffff:ffff', 'reserved'], ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'reserved'],
      ['2001:2::1', 'reserved'], ['2001:10::1', 'reserved'], ['2001:1f:ffff::1', 'reserved'], ['2001:20::1', 'reserved'], ['2001:2f:ffff::1', 'reserved'],
      ['2001:db8::1', 'reserved'], ['3fff::1', 'reserved'], ['3fff:fff:ffff::1', 'reserved'], ['5f00::1', 'reserved'], ['5f00:ffff::1', 'reserved'],
      ['fec0::1', 'private'], ['feff::1', 'private'],
    ];
    for (const [ip, kind] of registry) expect([ip, addressKind(ip)]).toEqual([ip, kind]);
    for (const ip of ['2001:4860:4860::8888', '2001:1::1', '2001:30::1', '4000::1', '5f01::1', '2620:4f:8000::1']) expect([ip, addressKind(ip)]).toEqual([ip, undefined]);
    for (const ip of ['93.184.215.14', '100.128.0.1', '172.32.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8', '2002:808:808::1']) expect([ip, addressKind(ip)]).toEqual([ip, undefined]);
  });

  it('a name is refused when it resolves to a refused address', async () => {
    const lookup = guardedLookup(false);
    const err = await new Promise<Error | null>((ok) => lookup('localhost', { all: true }, (e) => ok(e)));
    expect(err?.message).toMatch(/^refusing localhost: (127\.0\.0\.1|::1) is a loopback address/);
    const allowed = await new Promise<unknown>((ok) => guardedLookup(true)('localhost', {}, (e, address) => ok(e ?? address)));
    expect(allowed).toMatch(/^(127\.0\.0\.1|::1)$/);
  });
});

describe('SSRF: fetches reach public addresses only', () => {
  it('without the opt-in, the loopback feed server is refused by literal, by name and by mapped address, before any request', async () => {
    const before = server.hits.length;
    const port = new URL(server.origin).port;
    for (const url of [`${server.origin}/samples/harbor-notes.rss.xml`, `http://localhost:${port}/samples/harbor-notes.rss.xml`, `http://[::ffff:127.0.0.1]:${port}/x`, `http://0x7f000001:${port}/x`, 'http://169.254.169.254/latest/meta-data/']) {
      const err = await rejection(fetchFeedBody(url, {}, { allowLoopback: false }));
      expect(isGfaError(err, 'E_INPUT'), `${url}: ${err.message}`).toBe(true);
      expect(err.message).toMatch(/is a (loopback|link-local) address; feeds are fetched from public addresses only/);
    }
    expect(server.hits.length).toBe(before);
  });

  it('refuses a redirect to a private or metadata address at that hop; stores nothing', async () => {
    const kv = memoryKv();
    for (const [path, ip] of [['/redirect-metadata', '169.254.169.254'], ['/redirect-private', '10.0.0.7']]) {
      const err = await rejection(addFeed(kv, { url: `${server.origin}${path}` }, undefined, LOOPBACK_OK));
      expect(err.message).toContain(`refusing ${ip}: ${ip} is a`);
    }
    expect((await contents(kv)).size).toBe(0);
  });

  it('follows a fine redirect by hand, and stops after 5', async () => {
    const kv = memoryKv();
    const out = await addFeed(kv, { url: `${server.origin}/redirect` }, undefined, LOOPBACK_OK);
    expect(out).toMatchObject({ title: 'Harbor Notes', added: true, items: 4 });
    const err = await rejection(addFeed(memoryKv(), { url: `${server.origin}/redirect-loop` }, undefined, LOOPBACK_OK));
    expect(err.message).toMatch(/more than 5 redirects/);
    expect(server.hits.filter((h) => h === '/redirect-loop')).toHaveLength(6);
  });
});

describe('hostile bodies and time bounds', () => {
  it('the <-bomb feed is stored with its summary clipped; a gzip bomb and a 404 fail in words', async () => {
    const kv = memoryKv();
    const { feedId } = await addFeed(kv, { url: `${server.origin}/bomb` }, undefined, LOOPBACK_OK);
    expect((await getItems(kv, feedId))[0]?.summary).toBe(`${'<'.repeat(279)}…`);
    const gz = await rejection(addFeed(kv, { url: `${server.origin}/gzip-bomb` }, undefined, LOOPBACK_OK));
    expect(gz.message).toMatch(/feed is larger than 2048 KiB; refusing it/);
    const missing = await rejection(addFeed(kv, { url: `${server.origin}/nope.xml` }, undefined, LOOPBACK_OK));
    expect(missing.message).toMatch(/HTTP 404 Not Found/);
  });

  it('a slow feed hits its own time bound while the others are fetched', async () => {
    const kv = memoryKv();
    await addFeed(kv, { url: `${server.origin}/samples/fieldwork.atom.xml` }, undefined, LOOPBACK_OK);
    const slowId = feedIdOf(`${server.origin}/slow`);
    await putJson(kv, keys.meta(slowId), { id: slowId, url: `${server.origin}/slow`, title: 'Slow', addedAt: '2026-01-01T00:00:00.000Z' });
    const out = await fetchFeeds(kv, undefined, { ...LOOPBACK_OK, timeoutMs: 400 });
    expect(out).toMatchObject({ feeds: 2, notModified: 1, failed: [slowId], skipped: 0 });
    expect((await getMeta(kv, slowId))?.error).toBe('no complete answer within 0.4 s');
  });

  it('the run has a deadline: feeds not started by then wait, and are first next time', async () => {
    const kv = memoryKv();
    const ids: string[] = [];
    for (const [i, url] of [`${server.origin}/slow`, `${server.origin}/slow?2`, `${server.origin}/slow?3`].entries()) {
      const id = feedIdOf(url);
      ids.push(id);
      await putJson(kv, keys.meta(id), { id, url, title: `Slow ${i}`, addedAt: '2026-01-01T00:00:00.000Z', lastFetchedAt: `2026-01-0${i + 1}T00:00:00.000Z` });
    }
    const out = await fetchFeeds(kv, '2026-02-01T00:00:00.000Z', { ...LOOPBACK_OK, timeoutMs: 60_000, deadlineMs: 300, concurrency: 1 });
    expect(out).toMatchObject({ feeds: 3, failed: [ids[0]], skipped: 2 });
    expect((await getMeta(kv, ids[0]!))?.error).toBe('skipped: the job ran out of time');
    // The two that waited were fetched longer ago now, so they go first in the next run.
    const order = (await Promise.all((await listFeedIds(kv)).map((id) => getMeta(kv, id)))).sort((a, b) => (a!.lastFetchedAt ?? '').localeCompare(b!.lastFetchedAt ?? '')).map((m) => m!.id);
    expect(order).toEqual([ids[1], ids[2], ids[0]]);
  });
});
