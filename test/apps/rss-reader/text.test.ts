/**
 * Text extraction from hostile feed bodies. The bombs below took seconds each in the old regex-based
 * `htmlToText` (quadratic: 12 s for 100 KB of `<`), far past vitest's 5 s test timeout; the timing itself
 * is measured in bench/rss-reader.bench.ts, not asserted here.
 */
import { describe, expect, it } from 'vitest';
import { parseFeed } from '../../../apps/rss-reader/lib/parse-feed.ts';
import { SUMMARY_MAX } from '../../../apps/rss-reader/lib/parse-xml.ts';
import { htmlToText } from '../../../apps/rss-reader/lib/text.ts';

const KB100 = 100 * 1024;

describe('htmlToText', () => {
  it('drops tags, scripts and styles, decodes entities, collapses spaces', () => {
    expect(htmlToText('<p>Fish &amp; <b>chips</b></p>\n\n<script>alert("<p>x</p>")</script><STYLE>p{}</STYLE> done')).toBe('Fish & chips done');
    expect(htmlToText('a < b and c > d')).toBe('a d');
    expect(htmlToText('1 < 2, and no tag closes')).toBe('1 < 2, and no tag closes');
    expect(htmlToText('<script>never closed <i>x</i>')).toBe('never closed x');
    expect(htmlToText('one two three four', 9)).toBe('one two…');
  });

  it('a body of 100 KB of "<" is text, clipped to the limit', () => {
    const out = htmlToText('<'.repeat(KB100), SUMMARY_MAX);
    expect(out).toBe(`${'<'.repeat(SUMMARY_MAX - 1)}…`);
    expect(htmlToText('<'.repeat(KB100))).toBe('<'.repeat(KB100));
  });

  it('other bombs: unclosed "<a", thousands of unclosed scripts, a closer with no ">"', () => {
    expect(htmlToText('<a'.repeat(KB100 / 2), 50)).toBe(`${'<a'.repeat(24)}<…`);
    expect(htmlToText(`${'<script>'.repeat(KB100 / 8)}tail`)).toBe('tail');
    expect(htmlToText(`${'<style>x'.repeat(KB100 / 8)}</style`, 20)).toBe('x x x x x x x x x x…');
    expect(htmlToText(`x${'&amp;'.repeat(KB100 / 5)}`, 10)).toBe('x&&&&&&&&…');
  });

  it('feeds carrying the bomb parse, with the summary clipped', () => {
    const bomb = '<'.repeat(KB100);
    const rss = `<rss version="2.0"><channel><title>Bomb</title><item><title>t</title><guid>1</guid><description><![CDATA[${bomb}]]></description></item></channel></rss>`;
    expect(parseFeed(rss, 'https://bomb.example/feed').items[0]?.summary).toBe(`${'<'.repeat(SUMMARY_MAX - 1)}…`);
    const escaped = rss.replace(`<![CDATA[${bomb}]]>`, '&lt;'.repeat(KB100 / 4));
    expect(parseFeed(escaped, 'https://bomb.example/feed').items[0]?.summary).toBe(`${'<'.repeat(SUMMARY_MAX - 1)}…`);
    const json = JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: 'Bomb', items: [{ id: '1', content_html: bomb }] });
    expect(parseFeed(json, 'https://bomb.example/feed.json').items[0]?.summary).toBe(`${'<'.repeat(SUMMARY_MAX - 1)}…`);
    const atomTitle = `<feed xmlns="http://www.w3.org/2005/Atom"><title type="html">${'&lt;'.repeat(KB100 / 4)}</title></feed>`;
    expect(parseFeed(atomTitle, 'https://bomb.example/atom').title).toHaveLength(300);
  });
});
