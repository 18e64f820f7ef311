/**
 * @module Each parser's output as one comparable view: the reader's own (any checkout's
 * `apps/rss-reader/lib/parse-feed.ts`, so main's figures come from the same run) and the peers'.
 * Peers get the body decoded as feedparser's test helper does (BOM, else UTF-8): they take strings.
 */
import { pathToFileURL } from 'node:url';

export interface ItemView {
  title?: string;
  link?: string;
  summary?: string;
  content?: string;
  author?: string;
  published?: number;
  updated?: number;
  enclosure?: { url?: string; type?: string; length?: string };
}
export interface View {
  title?: string;
  link?: string;
  author?: string;
  items: ItemView[];
}

/** One parser under test. */
export interface Adapter {
  name: string;
  parse(bytes: Buffer, url: string, contentType?: string): Promise<View>;
}

type J = Record<string, unknown>;
const o = (v: unknown): J => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as J) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);
/** A string from a peer's value: itself, or the text of an element object (`value`, fast-xml-parser's `#text`, xml2js's `_`). */
const s = (v: unknown): string | undefined => {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  const text = o(v).value ?? o(v)['#text'] ?? o(v)._;
  return typeof text === 'string' ? text : undefined;
};
const ms = (v: unknown): number | undefined => {
  const t = typeof v === 'string' ? Date.parse(v) : v instanceof Date ? v.getTime() : NaN;
  return Number.isFinite(t) ? t : undefined;
};

/** Text the way feedparser's test helper reads a file: BOM-sniffed, else UTF-8. */
export function naiveText(b: Buffer): string {
  if (b[0] === 0xff && b[1] === 0xfe) return new TextDecoder('utf-16le').decode(b.subarray(2));
  if (b[0] === 0xfe && b[1] === 0xff) return new TextDecoder('utf-16be').decode(b.subarray(2));
  return new TextDecoder('utf-8').decode(b);
}

/**
 * The reader at `dir` (a checkout's root). A parser that takes bytes (this branch's) gets bytes and the
 * Content-Type; one that takes only text (main's) gets what its job gave it: the body as UTF-8.
 */
export async function readerAdapter(name: string, dir: string): Promise<Adapter> {
  const mod = (await import(pathToFileURL(`${dir}/apps/rss-reader/lib/parse-feed.ts`).href)) as { parseFeed: (b: string | Uint8Array, url: string, ct?: string) => unknown };
  const takesBytes = mod.parseFeed.length >= 3;
  return {
    name,
    async parse(bytes, url, contentType) {
      const f = o(takesBytes ? mod.parseFeed(new Uint8Array(bytes), url, contentType) : mod.parseFeed(new TextDecoder('utf-8').decode(bytes), url));
      return {
        title: s(f.title),
        link: s(f.siteUrl),
        author: s(f.author),
        items: arr(f.items).map(o).map((it) => {
          const enc = o(arr(it.enclosures)[0]);
          return { title: s(it.title), link: s(it.link), summary: s(it.summary), author: s(it.author), published: ms(it.published), updated: ms(it.updated ?? it.published), enclosure: { url: s(enc.url), type: s(enc.type), length: s(enc.length) } };
        }),
      };
    },
  };
}

/** rss-parser 3 (xml2js underneath): RSS, RDF and Atom; no JSON Feed. */
export async function rssParserAdapter(): Promise<Adapter> {
  const { default: Parser } = (await import('rss-parser')) as unknown as { default: new (opts?: unknown) => { parseString(x: string): Promise<unknown> } };
  const parser = new Parser({ customFields: { item: ['dc:creator', 'updated', 'summary'] } });
  return {
    name: 'rss-parser',
    async parse(bytes) {
      const f = o(await parser.parseString(naiveText(bytes)));
      return {
        title: s(f.title),
        link: s(f.link),
        author: s(f.creator) ?? s(f.author),
        items: arr(f.items).map(o).map((it) => ({
          title: s(it.title), link: s(it.link), summary: s(it.summary) ?? s(it.content), content: s(it['content:encoded']) ?? s(it.content),
          author: s(it.creator) ?? s(it.author) ?? s(o(it.author).name) ?? s(it['dc:creator']), published: ms(it.isoDate ?? it.pubDate), updated: ms(it.updated),
          enclosure: { url: s(o(it.enclosure).url), type: s(o(it.enclosure).type), length: s(o(it.enclosure).length) },
        })),
      };
    },
  };
}

/** @extractus/feed-extractor 8: its normalized entries, plus the raw entry for authors and enclosures. */
export async function extractorAdapter(): Promise<Adapter> {
  const fx = (await import('@extractus/feed-extractor')) as unknown as { extractFromXml(x: string, o?: unknown): unknown; extractFromJson(x: unknown, o?: unknown): unknown };
  const opts = { descriptionMaxLen: 100_000, getExtraEntryFields: (raw: unknown) => ({ raw }), getExtraFeedFields: (raw: unknown) => ({ raw }) };
  return {
    name: 'feed-extractor',
    async parse(bytes) {
      const text = naiveText(bytes);
      const f = o(text.trimStart().startsWith('{') ? fx.extractFromJson(JSON.parse(text), opts) : fx.extractFromXml(text, opts));
      return {
        title: s(f.title),
        link: s(f.link),
        author: s(o(o(f.raw).author).name) ?? s(o(f.raw).author),
        items: arr(f.entries).map(o).map((it) => {
          const raw = o(it.raw);
          const enc = o(arr(raw.enclosure)[0] ?? arr(raw.link).map(o).find((l) => l['@_rel'] === 'enclosure'));
          return {
            title: s(it.title), link: s(it.link), summary: s(it.description), content: s(raw['content:encoded']) ?? s(raw.content) ?? s(raw.content_html),
            author: s(raw.author) ?? s(o(raw.author).name) ?? s(raw['dc:creator']) ?? s(o(arr(raw.authors)[0]).name), published: ms(it.published), updated: ms(raw.updated ?? raw.date_modified),
            enclosure: { url: s(enc['@_url'] ?? enc['@_href'] ?? o(arr(raw.attachments)[0]).url), type: s(enc['@_type'] ?? o(arr(raw.attachments)[0]).mime_type), length: s(enc['@_length'] ?? o(arr(raw.attachments)[0]).size_in_bytes) },
          };
        }),
      };
    },
  };
}

/** feedsmith 3: one parser for RSS, RDF, Atom and JSON Feed, close to each format's own fields. */
export async function feedsmithAdapter(): Promise<Adapter> {
  const fs = (await import('feedsmith')) as unknown as { parseFeed(x: string): { format: string; feed: unknown } };
  return {
    name: 'feedsmith',
    async parse(bytes) {
      const { format, feed } = fs.parseFeed(naiveText(bytes));
      const f = o(feed);
      const atom = format === 'atom';
      const json = format === 'json';
      const alt = (links: unknown): string | undefined => s(o(arr(links).map(o).find((l) => (s(l.rel) ?? 'alternate') === 'alternate')).href);
      return {
        title: s(f.title),
        link: atom ? alt(f.links) : json ? s(f.home_page_url) : s(f.link),
        author: s(o(arr(f.authors)[0]).name) ?? s(arr(f.authors)[0]) ?? s(arr(o(f.dc).creators)[0]),
        items: arr(atom ? f.entries : f.items).map(o).map((it) => {
          const enc = atom ? o(arr(it.links).map(o).find((l) => l.rel === 'enclosure')) : json ? o(arr(it.attachments)[0]) : o(arr(it.enclosures)[0]);
          return {
            title: s(it.title), link: atom ? alt(it.links) : json ? s(it.url) : s(it.link),
            summary: s(it.summary) ?? s(it.description), content: s(o(it.content).encoded) ?? s(it.content) ?? s(it.content_html),
            author: s(o(arr(it.authors)[0]).name) ?? s(arr(it.authors)[0]) ?? s(arr(o(it.dc).creators)[0]),
            published: ms(it.published ?? it.pubDate ?? it.date_published ?? o(it.dc).date), updated: ms(it.updated ?? it.date_modified),
            enclosure: { url: s(enc.url ?? enc.href), type: s(enc.type ?? enc.mime_type), length: s(enc.length ?? enc.size_in_bytes) },
          };
        }),
      };
    },
  };
}
