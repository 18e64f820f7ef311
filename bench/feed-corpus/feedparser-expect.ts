/** @module feedparser's `Expect:` lines: the `path == literal` clauses on kept fields, as expectations. */
import type { Case, Expectation, Field } from './cases.ts';

const PATH = /^(feed|entries\[(\d+)\])((?:\[(?:'[^']*'|"[^"]*"|\d+)\]|\.[A-Za-z_]+)*)\s*==\s*/;
const STRING = /^[ub]?(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")/;
const TUPLE = /^\(([\d,\s-]+)\)/;
const BOZO = /^(not\s+)?bozo\b/;

/** feedparser's keys (after the feed or entry) → the compared field. */
const FEED_KEYS: Record<string, Field> = { title: 'feed.title', 'title_detail.value': 'feed.title', link: 'feed.link', author: 'feed.author', 'author_detail.name': 'feed.author' };
const ENTRY_KEYS: Record<string, Field> = {
  title: 'item.title', 'title_detail.value': 'item.title', link: 'item.link',
  summary: 'item.summary', description: 'item.summary', 'summary_detail.value': 'item.summary', 'content.0.value': 'item.content',
  author: 'item.author', 'author_detail.name': 'item.author',
  published_parsed: 'item.published', issued_parsed: 'item.published', updated_parsed: 'item.updated', modified_parsed: 'item.updated',
  'enclosures.0.href': 'enclosure.url', 'enclosures.0.url': 'enclosure.url', 'enclosures.0.type': 'enclosure.type', 'enclosures.0.length': 'enclosure.length',
};

/** Decodes a Python string literal's body. */
function pyString(body: string): string {
  return body.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|n|t|r|\\|'|"|.)/g, (_w, e: string) => {
    if (e[0] === 'x' || e[0] === 'u' || e[0] === 'U') return String.fromCodePoint(parseInt(e.slice(1), 16));
    return ({ n: '\n', t: '\t', r: '\r' } as Record<string, string>)[e] ?? e;
  });
}

/** Parses one `Expect:` expression into expectations and whether it says `not bozo`. */
export function parseExpect(expr: string): { expect: Expectation[]; notBozo: boolean } {
  const expect: Expectation[] = [];
  let rest = expr.trim();
  let notBozo = false;
  while (rest !== '') {
    const bozo = BOZO.exec(rest);
    const path = bozo ? null : PATH.exec(rest);
    if (bozo) {
      if (bozo[1]) notBozo = true;
      rest = rest.slice(bozo[0].length);
    } else if (path) {
      rest = rest.slice(path[0].length);
      const keys = [...path[3]!.matchAll(/\[(?:'([^']*)'|"([^"]*)"|(\d+))\]|\.([A-Za-z_]+)/g)].map((m) => m[1] ?? m[2] ?? m[3] ?? m[4]).join('.');
      const field = path[1] === 'feed' ? FEED_KEYS[keys] : ENTRY_KEYS[keys];
      const str = STRING.exec(rest);
      const tuple = str ? null : TUPLE.exec(rest);
      if (str) rest = rest.slice(str[0].length);
      else if (tuple) rest = rest.slice(tuple[0].length);
      else break;
      let value: string | number | undefined;
      if (str) value = pyString(str[1] ?? str[2] ?? '');
      else if (tuple) {
        const [y, mo, d, h, mi, sec] = tuple[1]!.split(',').map((x) => Number(x.trim()));
        value = Date.UTC(y!, mo! - 1, d!, h!, mi!, sec!);
      }
      const isDate = field === 'item.published' || field === 'item.updated';
      if (field && value !== undefined && isDate === (typeof value === 'number')) {
        expect.push({ field, item: Number(path[2] ?? 0), expected: value });
      }
    } else break;
    const and = /^\s+and\s+/.exec(rest);
    if (!and) break;
    rest = rest.slice(and[0].length);
  }
  return { expect, notBozo };
}

/** feedparser's cases: every test document with an `Expect:` comment; `Header:` lines become the response headers. */
export function feedparserCases(files: Map<string, Buffer>): Case[] {
  const cases: Case[] = [];
  for (const [path, bytes] of files) {
    if (!/\.(xml|rdf|json)$/.test(path)) continue;
    const head = bytes.subarray(0, 4096).toString('latin1').replace(/\u0000/g, '');
    const m = /Expect:\s*(.*?)\s*-->/s.exec(head);
    if (!m) continue;
    const headers = new Map([...head.matchAll(/^Header:\s+([^:]+):(.*)$/gm)].map((h) => [h[1]!.trim().toLowerCase(), h[2]!.trim()]));
    const { expect, notBozo } = parseExpect(m[1]!.replace(/\s+/g, ' '));
    const url = `http://127.0.0.1:8097/${path}`;
    const location = headers.get('content-location');
    cases.push({
      corpus: 'feedparser',
      path,
      bytes,
      ...(headers.has('content-type') ? { contentType: headers.get('content-type')! } : {}),
      url: location ? new URL(location, url).href : url,
      wellFormed: path.includes('/wellformed/') || notBozo,
      expect,
    });
  }
  return cases;
}
