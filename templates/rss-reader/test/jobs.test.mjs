/**
 * The reader's jobs, each run as CI runs it (`gfa run` of the built bundle) against a scratch data
 * repository, in the order a reader uses them: subscribe, fetch, read, star, organise, export, import,
 * unsubscribe. The feed is the sample in samples/, served on 127.0.0.1 by a tiny server here; loopback
 * feeds are refused unless the machine opts in, so the tests opt in for their run (.gfa/local/, which
 * git ignores) and take it back after.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { APP, scratch } from './gfa.mjs';

const OPT_IN = join(APP, '.gfa/local/rss-allow-loopback');
let data;
let server;
let feedUrl;
let optedIn = false;
let feedId;

before(async () => {
  data = await scratch();
  const rss = await readFile(join(APP, 'samples/harbor-notes.rss.xml'));
  server = createServer((req, res) => {
    if (req.url !== '/feed.xml') return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' }).end(rss);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  feedUrl = `http://127.0.0.1:${server.address().port}/feed.xml`;
  if (!existsSync(OPT_IN)) {
    await mkdir(join(APP, '.gfa/local'), { recursive: true });
    await writeFile(OPT_IN, 'written by test/jobs.test.mjs for its run\n');
    optedIn = true;
  }
});
after(async () => {
  if (optedIn) await rm(OPT_IN, { force: true });
  await new Promise((resolve) => (server ? server.close(resolve) : resolve()));
  await data?.close();
});

/** Runs `job` and asserts it succeeded; returns its output. */
async function ok(job, input) {
  const r = await data.run(job, { input });
  assert.equal(r.code, 0, `${job}: ${r.stderr}`);
  assert.equal(r.result.status, 'ok');
  return r.result.output;
}

const items = async () => JSON.parse(await data.get(`feeds/${feedId}/items.json`));

describe('the reader, job by job', () => {
  it('add-feed subscribes a feed and stores its items', async () => {
    const out = await ok('add-feed', { url: feedUrl, folder: 'News' });
    assert.equal(out.added, true);
    assert.ok(out.items > 0);
    feedId = out.feedId;
    assert.equal((await items()).length, out.items);
  });

  it('add-feed refuses what is not an http(s) URL, and stores nothing for it', async () => {
    const r = await data.run('add-feed', { input: { url: 'ftp://example.org/feed' } });
    assert.equal(r.code, 1);
    assert.equal(r.result.status, 'error');
  });

  it('fetch-feeds fetches every feed', async () => {
    const out = await ok('fetch-feeds');
    assert.equal(out.feeds, 1);
    assert.deepEqual(out.failed, []);
  });

  it('mark-read marks items read and answers the unread count', async () => {
    const all = await items();
    const out = await ok('mark-read', { feedId, itemIds: [all[0].id] });
    assert.equal(out.unread, all.length - 1);
  });

  it('star saves an item', async () => {
    const [first] = await items();
    const out = await ok('star', { feedId, itemId: first.id, starred: true });
    assert.equal(out.starred, true);
    assert.deepEqual(JSON.parse(await data.get(`feeds/${feedId}/starred.json`)), [first.id]);
  });

  it('mark-all-read marks the rest read', async () => {
    const out = await ok('mark-all-read', {});
    assert.deepEqual(out.feedIds, [feedId]);
    assert.equal(out.marked, (await items()).length - 1);
  });

  it('update-feed renames a feed and moves it to another folder', async () => {
    const out = await ok('update-feed', { feedId, title: 'Harbour', folder: 'Reading' });
    assert.deepEqual(out, { feedId, title: 'Harbour', folder: 'Reading' });
  });

  it('export-opml lists the subscriptions', async () => {
    const out = await ok('export-opml');
    assert.equal(out.feeds, 1);
    assert.ok(out.opml.includes(feedUrl.replace(/&/g, '&amp;')));
  });

  it('import-opml subscribes the feeds of a file, skipping those already there', async () => {
    const other = feedUrl.replace('/feed.xml', '/other.xml');
    const opml = `<?xml version="1.0"?><opml version="2.0"><body><outline text="Harbour" xmlUrl="${feedUrl}"/><outline text="Other" xmlUrl="${other}"/></body></opml>`;
    const out = await ok('import-opml', { opml });
    assert.equal(out.added, 1);
    assert.equal(out.existing, 1);
  });

  it('remove-feed unsubscribes and deletes the feed', async () => {
    const out = await ok('remove-feed', { feedId });
    assert.equal(out.removed, true);
    assert.equal(await data.get(`feeds/${feedId}/items.json`), undefined);
  });
});
