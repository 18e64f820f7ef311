import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isGfaError } from '../../../framework/errors.ts';
import { parseFeed } from '../../../apps/rss-reader/lib/parse-feed.ts';

const samples = join(import.meta.dirname, '../../../apps/rss-reader/samples');
const sample = (name: string): string => readFileSync(join(samples, name), 'utf8');

describe('parseFeed', () => {
  it('parses RSS 2.0: titles, links, dates, summaries as plain text', () => {
    const feed = parseFeed(sample('harbor-notes.rss.xml'), 'http://127.0.0.1:9/samples/harbor-notes.rss.xml');
    expect(feed.format).toBe('rss');
    expect(feed.title).toBe('Harbor Notes');
    expect(feed.siteUrl).toBe('https://harbor-notes.example/');
    expect(feed.items).toHaveLength(4);
    const [first, second, third] = feed.items;
    expect(first).toMatchObject({
      title: 'Winter moorings are open',
      link: 'https://harbor-notes.example/2026/11/winter-moorings',
      published: '2026-11-26T18:00:00.000Z',
      summary: 'The inner basin takes twelve boats this winter. Book before 5 December.',
    });
    expect(second?.title).toBe('Tide tables & the new gauge');
    expect(second?.summary).toMatch(/^The digital gauge/);
    // Relative links resolve against the site; escaped markup in a title stays literal text.
    expect(third?.link).toBe('https://harbor-notes.example/2026/11/paper-charts');
    expect(third?.title).toBe('Why we still use <b>paper</b> charts');
    expect(new Set(feed.items.map((i) => i.id)).size).toBe(4);
    expect(first?.id).toMatch(/^[0-9a-f]{12}$/);
  });

  it('parses Atom: alternate links, html titles become text, updated as fallback date', () => {
    const feed = parseFeed(sample('fieldwork.atom.xml'), 'http://127.0.0.1:9/samples/fieldwork.atom.xml');
    expect(feed.format).toBe('atom');
    expect(feed.title).toBe('Fieldwork Log');
    expect(feed.siteUrl).toBe('https://fieldwork.example/');
    expect(feed.items.map((i) => i.title)).toEqual(['Day 14: lichens on the north wall', 'Day 13: Sphagnum and rain', 'Day 12: equipment check']);
    expect(feed.items[1]?.summary).toBe('Eleven quadrats in the bog before the rain came in. Samples dried overnight.');
    expect(feed.items[2]).toMatchObject({ link: 'https://fieldwork.example/log/day-12', published: '2026-11-23T18:05:00.000Z' });
  });

  it('parses JSON Feed 1.1: content_html, content_text and summary', () => {
    const feed = parseFeed(sample('small-kitchen.feed.json'), 'http://127.0.0.1:9/samples/small-kitchen.feed.json');
    expect(feed.format).toBe('json');
    expect(feed.title).toBe('Small Kitchen');
    expect(feed.items.map((i) => i.summary)).toEqual([
      'Onion, garlic, cumin, red lentils, a tin of tomatoes. Lemon at the end.',
      'Flour, water, salt, a spoon of yoghurt. Rest ten minutes, then a dry hot pan.',
      'The Sunday fridge-clearing dish.',
    ]);
    expect(feed.items[0]?.published).toBe('2026-11-26T07:00:00.000Z');
  });

  it('parses RSS 1.0 (RDF)', () => {
    const xml = `<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
      <channel rdf:about="https://r.example/"><title>RDF feed</title><link>https://r.example/</link></channel>
      <item rdf:about="https://r.example/1"><title>One</title><link>https://r.example/1</link><dc:date>2026-01-02T00:00:00Z</dc:date></item></rdf:RDF>`;
    const feed = parseFeed(xml, 'https://r.example/feed');
    expect(feed).toMatchObject({ format: 'rdf', title: 'RDF feed', items: [{ title: 'One', link: 'https://r.example/1', published: '2026-01-02T00:00:00.000Z' }] });
  });

  it('keeps only http(s) links and never turns markup into anything but text', () => {
    const xml = `<rss version="2.0"><channel><title>&lt;img src=x onerror=alert(1)&gt;</title><link>javascript:alert(1)</link>
      <item><title>&lt;script&gt;alert(1)&lt;/script&gt; Hi</title><link>javascript:alert(2)</link><guid>a</guid>
      <description>&lt;script&gt;steal()&lt;/script&gt;&lt;p onclick="x()"&gt;Body &amp;amp; more&lt;/p&gt;</description></item>
      <item><title>Data</title><link>data:text/html,hi</link><guid>b</guid></item></channel></rss>`;
    const feed = parseFeed(xml, 'https://evil.example/feed');
    expect(feed.title).toBe('<img src=x onerror=alert(1)>');
    expect(feed.siteUrl).toBeUndefined();
    expect(feed.items[0]?.title).toBe('<script>alert(1)</script> Hi');
    expect(feed.items[0]?.link).toBeUndefined();
    expect(feed.items[0]?.summary).toBe('Body & more');
    expect(feed.items[1]?.link).toBeUndefined();
  });

  it('does not expand nested entities (billion laughs)', () => {
    const defs = ['<!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">'];
    for (const [prev, name] of [['a', 'b'], ['b', 'c'], ['c', 'd'], ['d', 'e'], ['e', 'f'], ['f', 'g']]) defs.push(`<!ENTITY ${name} "${`&${prev};`.repeat(10)}">`);
    const xml = `<?xml version="1.0"?><!DOCTYPE rss [${defs.join('')}]><rss><channel><title>&g;</title></channel></rss>`;
    let title = '';
    try {
      title = parseFeed(xml, 'https://x.example/f').title;
    } catch (err) {
      expect(isGfaError(err, 'E_INPUT')).toBe(true);
    }
    expect(title.length).toBeLessThan(1000);
  });

  it('clips long summaries and gives untitled items a title', () => {
    const long = 'word '.repeat(200);
    const feed = parseFeed(`<rss><channel><title>T</title><item><description>${long}</description></item></channel></rss>`, 'https://x.example/f');
    expect(feed.items[0]?.title).toBe('(untitled)');
    expect(feed.items[0]?.summary?.length).toBeLessThanOrEqual(280);
    expect(feed.items[0]?.summary?.endsWith('…')).toBe(true);
  });

  it.each([
    ['malformed XML', '<rss><channel><title>Half a feed</title><item>', /not a valid XML feed \(line \d+/],
    ['an HTML page', '<!DOCTYPE html><html><body>hi</body></html>', /HTML page, not a feed/],
    ['another XML document', '<?xml version="1.0"?><svg></svg>', /not an RSS or Atom feed/],
    ['broken JSON', '{"version": "https://jsonfeed.org/version/1.1", ', /not a valid JSON feed/],
    ['JSON that is not a feed', '{"hello": "world"}', /not a JSON Feed/],
    ['an external entity', '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]><rss><channel><title>&x;</title></channel></rss>', /refused/],
    ['an empty body', '  ', /empty/],
    ['plain text', 'hello', /not a feed/],
  ])('rejects %s with a one-line E_INPUT error', (_name, body, message) => {
    let caught: unknown;
    try {
      parseFeed(body, 'https://x.example/f');
    } catch (err) {
      caught = err;
    }
    expect(isGfaError(caught, 'E_INPUT')).toBe(true);
    expect((caught as Error).message).toMatch(message);
    expect((caught as Error).message).not.toContain('\n');
  });
});
