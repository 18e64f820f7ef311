/**
 * @module Test cases from the corpora: a body, how it was served, and what the corpus expects of the
 * fields a feed reader keeps. gofeed states expectations as JSON beside each file (its own structs:
 * `parser/rss`, `parser/atom`, `parser/json`, and the universal feed in `translator/`); feedparser as a
 * Python expression in the file's `Expect:` comment, of which the `path == literal` clauses on these
 * fields are read (the rest, e.g. `bozo` or `isinstance`, is not evaluated).
 */

/** The fields compared. `content` is the item's full body; a reader keeping one body answers both. */
export const FIELDS = ['feed.title', 'feed.link', 'feed.author', 'item.title', 'item.link', 'item.summary', 'item.content', 'item.author', 'item.published', 'item.updated', 'enclosure.url', 'enclosure.type', 'enclosure.length'] as const;
export type Field = (typeof FIELDS)[number];

export interface Expectation {
  field: Field;
  /** Item index, for item and enclosure fields. */
  item: number;
  /** Text, a URL, a date as epoch milliseconds, or a number. */
  expected: string | number;
}

export interface Case {
  corpus: 'gofeed' | 'feedparser';
  path: string;
  bytes: Buffer;
  contentType?: string;
  url: string;
  /** The corpus calls the file well-formed: a refusal is counted against the parser. */
  wellFormed: boolean;
  expect: Expectation[];
}

type J = Record<string, unknown>;
const o = (v: unknown): J => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as J) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const s = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined);
const date = (v: unknown): number | undefined => {
  const t = typeof v === 'string' ? Date.parse(v) : NaN;
  return Number.isFinite(t) ? t : undefined;
};

function push(out: Expectation[], field: Field, item: number, value: string | number | undefined): void {
  if (value !== undefined) out.push({ field, item, expected: value });
}

/** gofeed: which struct a JSON file describes follows from its folder. */
function gofeedExpectations(path: string, doc: J): Expectation[] {
  const out: Expectation[] = [];
  const shape = path.includes('/translator/') ? 'universal' : path.includes('/parser/rss/') ? 'rss' : path.includes('/parser/atom/') ? 'atom' : 'json';
  const name = (v: unknown): string | undefined => s(o(v).name) ?? s(o(v).email);
  if (shape === 'atom') {
    push(out, 'feed.title', 0, s(doc.title));
    push(out, 'feed.author', 0, name(arr(doc.authors)[0]));
    push(out, 'feed.link', 0, s(o(arr(doc.links).find((l) => (s(o(l).rel) ?? 'alternate') === 'alternate')).href));
  } else {
    push(out, 'feed.title', 0, s(doc.title));
    push(out, 'feed.link', 0, shape === 'json' ? s(doc.home_page_url) : s(doc.link));
    push(out, 'feed.author', 0, shape === 'rss' ? undefined : name(arr(doc.authors)[0] ?? doc.author));
  }
  const items = arr(shape === 'atom' ? doc.entries : doc.items).map(o);
  items.forEach((it, i) => {
    push(out, 'item.title', i, s(it.title));
    if (shape === 'atom') {
      push(out, 'item.link', i, s(o(arr(it.links).find((l) => (s(o(l).rel) ?? 'alternate') === 'alternate')).href));
      push(out, 'item.summary', i, s(it.summary));
      push(out, 'item.content', i, s(o(it.content).value));
      push(out, 'item.author', i, name(arr(it.authors)[0]));
      push(out, 'item.published', i, date(it.published));
      push(out, 'item.updated', i, date(it.updated));
      const enc = o(arr(it.links).find((l) => s(o(l).rel) === 'enclosure'));
      push(out, 'enclosure.url', i, s(enc.href));
      push(out, 'enclosure.type', i, s(enc.type));
      push(out, 'enclosure.length', i, s(enc.length));
      return;
    }
    if (shape === 'json') {
      push(out, 'item.link', i, s(it.url));
      push(out, 'item.summary', i, s(it.summary));
      push(out, 'item.content', i, s(it.content_html) ?? s(it.content_text));
      push(out, 'item.author', i, name(arr(it.authors)[0] ?? it.author));
      push(out, 'item.published', i, date(it.date_published));
      push(out, 'item.updated', i, date(it.date_modified));
      const att = o(arr(it.attachments)[0]);
      push(out, 'enclosure.url', i, s(att.url));
      push(out, 'enclosure.type', i, s(att.mime_type));
      push(out, 'enclosure.length', i, s(att.size_in_bytes));
      return;
    }
    push(out, 'item.link', i, s(it.link));
    push(out, 'item.summary', i, s(it.description));
    push(out, 'item.content', i, s(it.content));
    push(out, 'item.author', i, shape === 'rss' ? s(it.author) : name(arr(it.authors)[0] ?? it.author));
    push(out, 'item.published', i, date(shape === 'rss' ? it.pubDate : (it.publishedParsed ?? it.published)));
    push(out, 'item.updated', i, shape === 'rss' ? undefined : date(it.updatedParsed ?? it.updated));
    const enc = o(arr(it.enclosures)[0] ?? it.enclosure);
    push(out, 'enclosure.url', i, s(enc.url));
    push(out, 'enclosure.type', i, s(enc.type));
    push(out, 'enclosure.length', i, s(enc.length));
  });
  return out;
}

/** gofeed's cases: each feed file with the JSON that describes it. */
export function gofeedCases(files: Map<string, Buffer>): Case[] {
  const cases: Case[] = [];
  for (const [path, bytes] of files) {
    if (!/^testdata\/(parser|translator)\/(rss|atom|json)\//.test(path) || path.endsWith('_expected.json')) continue;
    const isJson = path.includes('/json/');
    if (!isJson && !path.endsWith('.xml')) continue;
    const expectPath = isJson ? path.replace(/\.json$/, '_expected.json') : path.replace(/\.xml$/, '.json');
    const expected = files.get(expectPath);
    const wellFormed = !path.includes('invalid');
    let doc: J = {};
    try {
      doc = o(JSON.parse(expected?.toString('utf8') ?? '{}'));
    } catch {
      // gofeed's expectation files are JSON; one that is not expects nothing.
    }
    if (expected === undefined && wellFormed) continue;
    cases.push({ corpus: 'gofeed', path, bytes, url: `http://127.0.0.1:8097/${path}`, wellFormed, expect: gofeedExpectations(path, doc) });
  }
  return cases;
}
