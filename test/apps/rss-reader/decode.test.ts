/** Issue 23: feed bytes are decoded as browsers and feed readers do (BOM, HTTP charset, XML declaration, fallbacks). */
import { describe, expect, it } from 'vitest';
import { parseFeed } from '../../../apps/rss-reader/lib/parse-feed.ts';

const URL_ = 'https://x.example/feed';
const doc = (decl: string, title: string): string => `${decl}<rss version="2.0"><channel><title>${title}</title></channel></rss>`;
const latin1 = (s: string): Uint8Array => Uint8Array.from([...s].map((c) => c.charCodeAt(0)));
const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

function utf16(s: string, little: boolean, bom: boolean): Uint8Array {
  const out = new Uint8Array((s.length + (bom ? 1 : 0)) * 2);
  const view = new DataView(out.buffer);
  let at = 0;
  if (bom) view.setUint16((at += 2) - 2, 0xfeff, little);
  for (let i = 0; i < s.length; i++) view.setUint16((at += 2) - 2, s.charCodeAt(i), little);
  return out;
}

function utf32(s: string, little: boolean, bom: boolean): Uint8Array {
  const cps = [...(bom ? '\uFEFF' : ''), ...s].map((c) => c.codePointAt(0)!);
  const out = new Uint8Array(cps.length * 4);
  cps.forEach((cp, i) => new DataView(out.buffer).setUint32(i * 4, cp, little));
  return out;
}

describe('decoding feed bodies', () => {
  it('an ISO-8859-1 feed declared in the XML declaration', () => {
    expect(parseFeed(latin1(doc('<?xml version="1.0" encoding="ISO-8859-1"?>', 'Notícias')), URL_).title).toBe('Notícias');
  });

  it('the HTTP charset, and it wins over the XML declaration', () => {
    expect(parseFeed(latin1(doc('', 'Notícias')), URL_, 'application/rss+xml; charset=iso-8859-1').title).toBe('Notícias');
    expect(parseFeed(latin1(doc('<?xml version="1.0" encoding="utf-8"?>', 'Notícias')), URL_, 'text/xml; charset="ISO-8859-1"').title).toBe('Notícias');
  });

  it('a BOM wins over both', () => {
    const body = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(doc('<?xml version="1.0" encoding="ISO-8859-1"?>', 'Notícias'))]);
    expect(parseFeed(body, URL_, 'text/xml; charset=windows-1252').title).toBe('Notícias');
  });

  it('UTF-8 bytes declared ISO-8859-1 (header or declaration) are read as UTF-8', () => {
    expect(parseFeed(utf8(doc('<?xml version="1.0" encoding="ISO-8859-1"?>', 'Notícias – São Paulo')), URL_).title).toBe('Notícias – São Paulo');
    expect(parseFeed(utf8(doc('', 'Notícias')), URL_, 'text/xml; charset=ISO-8859-1').title).toBe('Notícias');
  });

  it('undeclared bytes that are not UTF-8 are read as windows-1252, not as U+FFFD', () => {
    expect(parseFeed(latin1(doc('', 'Notícias')), URL_).title).toBe('Notícias');
  });

  it('UTF-16 with and without a BOM, both byte orders', () => {
    const text = doc('<?xml version="1.0" encoding="UTF-16"?>', 'Ελληνικά');
    for (const [little, bom] of [[true, true], [false, true], [true, false], [false, false]] as const) {
      expect(parseFeed(utf16(text, little, bom), URL_).title, `little=${little} bom=${bom}`).toBe('Ελληνικά');
    }
  });

  it('UTF-32 with and without a BOM, both byte orders', () => {
    const text = doc('<?xml version="1.0" encoding="UTF-32"?>', 'Emoji 🎧');
    for (const [little, bom] of [[true, true], [false, true], [true, false], [false, false]] as const) {
      expect(parseFeed(utf32(text, little, bom), URL_).title, `little=${little} bom=${bom}`).toBe('Emoji 🎧');
    }
  });

  it('an unknown charset label is read as UTF-8; C1 controls become the Windows-1252 characters they stand for', () => {
    expect(parseFeed(utf8(doc('', 'Notícias')), URL_, 'text/xml; charset=bogus').title).toBe('Notícias');
    expect(parseFeed(utf8(doc('', 'don\u0092t')), URL_).title).toBe('don’t');
  });
});
