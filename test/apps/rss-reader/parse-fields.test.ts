/** Issue 23: the reader keeps what feeds say (authors, enclosures, whole texts, dates) and copes where real feeds break. */
import { describe, expect, it } from 'vitest';
import { isGfaError } from '../../../framework/errors.ts';
import { ENCLOSURES_MAX, URL_MAX } from '../../../apps/rss-reader/lib/feed/caps.ts';
import { parseFeed } from '../../../apps/rss-reader/lib/parse-feed.ts';

const URL_ = 'https://x.example/feed';
const rss = (items: string, ns = ''): string => `<?xml version="1.0"?><rss version="2.0"${ns}><channel><title>T</title><link>https://x.example/</link>${items}</channel></rss>`;
const atom = (entries: string, attrs = ''): string => `<feed xmlns="http://www.w3.org/2005/Atom"${attrs}><title>A</title>${entries}</feed>`;
const DC = ' xmlns:dc="http://purl.org/dc/elements/1.1/"';
const refusal = (body: string): string => {
  try {
    parseFeed(body, URL_);
  } catch (err) {
    expect(isGfaError(err, 'E_INPUT')).toBe(true);
    return (err as Error).message;
  }
  return 'parsed';
};

describe('authors', () => {
  it('RSS author (address with the name in parentheses) and dc:creator', () => {
    const feed = parseFeed(rss(`<item><guid>1</guid><author>me@x.example (Ann Lee)</author></item><item><guid>2</guid><dc:creator>Bo Chen</dc:creator></item>`, DC), URL_);
    expect(feed.items.map((i) => i.author)).toEqual(['Ann Lee', 'Bo Chen']);
  });

  it('the feed-level author is a name too (managingEditor, dc:author)', () => {
    expect(parseFeed(rss('<managingEditor>Cy Park (cy@x.example)</managingEditor>'), URL_).author).toBe('Cy Park');
    expect(parseFeed(rss('<item><guid>1</guid><dc:author>Di</dc:author></item>', DC), URL_).items[0]?.author).toBe('Di');
  });

  it('Atom author name, and JSON Feed 1.1 authors and 1.0 author', () => {
    expect(parseFeed(atom('<entry><id>1</id><author><name>Cy</name><email>c@x.example</email></author></entry>'), URL_).items[0]?.author).toBe('Cy');
    const json = { version: 'https://jsonfeed.org/version/1.1', title: 'J', items: [{ id: '1', authors: [{ name: 'Di' }] }, { id: '2', author: { name: 'Ed' } }] };
    expect(parseFeed(JSON.stringify(json), URL_).items.map((i) => i.author)).toEqual(['Di', 'Ed']);
  });
});

describe('enclosures', () => {
  it('RSS enclosure, Atom link rel=enclosure, JSON Feed attachments: url, type and length', () => {
    const r = parseFeed(rss('<item><guid>1</guid><enclosure url="/ep1.mp3" length="123456" type="audio/mpeg"/></item>'), URL_);
    expect(r.items[0]?.enclosures).toEqual([{ url: 'https://x.example/ep1.mp3', type: 'audio/mpeg', length: 123456 }]);
    const a = parseFeed(atom('<entry><id>1</id><link rel="enclosure" href="https://cdn.example/v.mp4" type="video/mp4" length="9"/><link href="https://x.example/1"/></entry>'), URL_);
    expect(a.items[0]).toMatchObject({ link: 'https://x.example/1', enclosures: [{ url: 'https://cdn.example/v.mp4', type: 'video/mp4', length: 9 }] });
    const j = parseFeed(JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', items: [{ id: '1', attachments: [{ url: 'https://cdn.example/a.m4a', mime_type: 'audio/mp4', size_in_bytes: 5 }] }] }), URL_);
    expect(j.items[0]?.enclosures).toEqual([{ url: 'https://cdn.example/a.m4a', type: 'audio/mp4', length: 5 }]);
  });

  it('keeps only http(s) enclosures, at most ENCLOSURES_MAX, and drops a malformed type', () => {
    const many = Array.from({ length: 10 }, (_, i) => `<enclosure url="https://cdn.example/${i}.mp3" type="audio/mpeg"/>`).join('');
    const feed = parseFeed(rss(`<item><guid>1</guid><enclosure url="javascript:alert(1)" type="audio/mpeg"/><enclosure url="https://cdn.example/x.mp3" type="audio mpeg&lt;"/>${many}</item>`), URL_);
    expect(feed.items[0]?.enclosures).toHaveLength(ENCLOSURES_MAX);
    expect(feed.items[0]?.enclosures?.[0]).toEqual({ url: 'https://cdn.example/x.mp3' });
  });
});

describe('whole texts', () => {
  it('text inside child elements is kept: <title>Example <b>Atom</b></title>', () => {
    const feed = parseFeed(atom('<entry><id>1</id><title>Example <b>Atom</b></title><summary type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">One <i>two</i> three</div></summary></entry>'), URL_);
    expect(feed.items[0]).toMatchObject({ title: 'Example Atom', summary: 'One two three' });
  });

  it('a description with raw HTML inside (not escaped) keeps its summary, as reddit sends', () => {
    const feed = parseFeed(atom('<entry><id>1</id><title>r</title><content type="html"><div>submitted by <a href="https://r.example/u">/u/ann</a> to <a href="https://r.example/r">r/boats</a></div></content></entry>'), URL_);
    expect(feed.items[0]?.summary).toBe('submitted by /u/ann to r/boats');
    const r = parseFeed(rss('<item><guid>1</guid><description><p>Para <a href="x">link</a></p><p>Two</p></description></item>'), URL_);
    expect(r.items[0]?.summary).toBe('Para link Two');
  });

  it('escaped markup is unescaped once: xhtml &lt;blink&gt; is text, not a tag', () => {
    const feed = parseFeed(atom('<entry><id>1</id><title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">History of the &lt;blink&gt; tag</div></title></entry>'), URL_);
    expect(feed.items[0]?.title).toBe('History of the <blink> tag');
    const html = parseFeed(atom('<entry><id>1</id><title type="html">AT&amp;amp;T &amp;lt;3</title></entry>'), URL_);
    expect(html.items[0]?.title).toBe('AT&T <3');
  });

  it('Atom base64 content is decoded (0.3 mode="base64" and 1.0 binary types)', () => {
    const b64 = Buffer.from('<p>History of the &lt;blink&gt; tag</p>').toString('base64');
    const feed = parseFeed(`<feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>A</title><entry><id>1</id><summary type="text/html" mode="base64">${b64}</summary></entry></feed>`, URL_);
    expect(feed.items[0]?.summary).toBe('History of the <blink> tag');
    const ten = parseFeed(atom(`<entry><id>1</id><summary type="application/octet-stream">${Buffer.from('Example <b>Atom</b>').toString('base64')}</summary></entry>`), URL_);
    expect(ten.items[0]?.summary).toBe('Example Atom');
  });
});

describe('the modules feeds mix in', () => {
  it('dc:title, dc:description, media:title, atom:published inside RSS, dc:date', () => {
    const ns = `${DC} xmlns:media="http://search.yahoo.com/mrss/" xmlns:atom="http://www.w3.org/2005/Atom"`;
    const feed = parseFeed(rss(`<item><guid>1</guid><dc:title>DC title</dc:title><dc:description>DC body</dc:description><atom:published>2026-01-02T03:04:05Z</atom:published></item><item><guid>2</guid><media:title>Media title</media:title></item>`, ns), URL_);
    expect(feed.items[0]).toMatchObject({ title: 'DC title', summary: 'DC body', published: '2026-01-02T03:04:05.000Z' });
    expect(feed.items[1]?.title).toBe('Media title');
  });

  it('Atom 0.3 issued and modified; a separate updated date', () => {
    const feed = parseFeed(`<feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>A</title><entry><id>1</id><issued>2004-01-01T00:00:00Z</issued><modified>2004-02-01T00:00:00Z</modified></entry></feed>`, URL_);
    expect(feed.items[0]).toMatchObject({ published: '2004-01-01T00:00:00.000Z', updated: '2004-02-01T00:00:00.000Z' });
    const ten = parseFeed(atom('<entry><id>1</id><published>2026-01-01T00:00:00Z</published><updated>2026-01-05T00:00:00Z</updated></entry>'), URL_);
    expect(ten.items[0]?.updated).toBe('2026-01-05T00:00:00.000Z');
  });
});

describe('forgiving where real feeds break', () => {
  it('items with no id, link or title get distinct keys', () => {
    const feed = parseFeed(rss('<item><description>one</description></item><item><description>two</description></item><item><description>two</description></item>'), URL_);
    expect(new Set(feed.items.map((i) => i.id)).size).toBe(3);
  });

  it('xml:base resolves links (and nests)', () => {
    const feed = parseFeed(atom('<entry xml:base="/blog/"><id>1</id><link href="post-1"/></entry><entry xml:base="https://other.example/a/"><id>2</id><link xml:base="b/" href="c"/></entry>', ' xml:base="https://x.example/"'), URL_);
    expect(feed.items.map((i) => i.link)).toEqual(['https://x.example/blog/post-1', 'https://other.example/a/b/c']);
  });

  it('a bare & in a title is text', () => {
    expect(parseFeed(rss('<item><guid>1</guid><title>Fish & chips &c.</title></item>'), URL_).items[0]?.title).toBe('Fish & chips &c.');
  });

  it('HTML entities XML does not define are known: &nbsp; &eacute; &mdash;', () => {
    expect(parseFeed(rss('<item><guid>1</guid><title>caf&eacute;&mdash;ok</title></item>'), URL_).items[0]?.title).toBe('café—ok');
    expect(parseFeed(rss('<item><guid>1</guid><description>&lt;p&gt;Fish &amp;AMP; chips&lt;/p&gt;</description></item>'), URL_).items[0]?.summary).toBe('Fish & chips');
  });

  it('a misspelt end tag closes the open element (gofeed: </langauge>)', () => {
    expect(parseFeed(rss('<language>en</langauge><item><guid>1</guid><title>t</title></item>'), URL_).items[0]?.title).toBe('t');
  });

  it('nesting deeper than DEPTH_MAX is refused in one line, not a stack overflow', () => {
    expect(refusal(`<rss><channel><title>x</title>${'<a>'.repeat(300_000)}`)).toMatch(/^not a valid XML feed \(line 1: elements nested deeper than 500\)/);
  });

  it('a JSON Feed with version "1.1" (not the URL) is accepted', () => {
    expect(parseFeed(JSON.stringify({ version: '1.1', title: 'J', items: [{ id: '1', title: 'x' }] }), URL_).items[0]?.title).toBe('x');
  });

  it('a non-feed gets one line naming what was found', () => {
    expect(refusal('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"></svg>')).toMatch(/its root is <svg>/);
    expect(refusal('{"hello": "world", "n": 1}')).toMatch(/found an object with keys hello, n/);
    expect(refusal('hello there')).toMatch(/found text starting "hello there"/);
  });

  it('a DTD entity set (external parameter entity) is ignored, never fetched; an external general entity is still refused', () => {
    const dtd = '<!DOCTYPE rss [<!ENTITY % HTMLlat1 PUBLIC "-//W3C//ENTITIES Latin 1 for XHTML//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml-lat1.ent">%HTMLlat1;]>';
    expect(parseFeed(`<?xml version="1.0"?>${dtd}<rss><channel><title>Ok</title></channel></rss>`, URL_).title).toBe('Ok');
    expect(refusal('<!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]><rss><channel><title>&x;</title></channel></rss>')).toMatch(/refused/);
  });
});

describe('caps on what is stored', () => {
  it('links, the site URL and enclosure URLs longer than URL_MAX are dropped; authors are clipped', () => {
    const long = `https://x.example/${'a'.repeat(URL_MAX)}`;
    const feed = parseFeed(`<rss><channel><title>T</title><link>${long}</link><item><guid>1</guid><link>${long}</link><author>${'n'.repeat(1000)}</author><enclosure url="${long}"/></item></channel></rss>`, URL_);
    expect(feed.siteUrl).toBeUndefined();
    expect(feed.items[0]?.link).toBeUndefined();
    expect(feed.items[0]?.enclosures).toBeUndefined();
    expect(feed.items[0]?.author?.length).toBeLessThanOrEqual(120);
  });

  it('one fetch yields at most 500 items', () => {
    const items = Array.from({ length: 800 }, (_, i) => `<item><guid>${i}</guid></item>`).join('');
    expect(parseFeed(rss(items), URL_).items).toHaveLength(500);
  });
});
