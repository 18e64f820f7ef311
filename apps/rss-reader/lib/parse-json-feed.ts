/** @module JSON Feed 1.0 / 1.1 (https://jsonfeed.org/version/1.1), parsed by hand. */
import { GfaError } from './errors.ts';
import { AUTHOR_MAX, ITEMS_MAX, SUMMARY_MAX, TITLE_MAX } from './feed/caps.ts';
import { enclosure, enclosureList, feedUrl, finishItems, type RawItem } from './feed/fields.ts';
import { clip, collapse, htmlToText } from './text.ts';
import type { ParsedFeed } from './types.ts';

type Obj = Record<string, unknown>;
const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
const obj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/**
 * A JSON Feed by its `version`: the spec's URL (`https://jsonfeed.org/version/1.1`, also over http), or
 * the bare number some generators write (`"1.1"`); with no version, an `items` array and a title or a feed URL.
 */
function isJsonFeed(d: Obj): boolean {
  const version = str(d.version);
  if (version) return /jsonfeed\.org\/version\/|^\d+(\.\d+)?$/.test(version);
  return Array.isArray(d.items) && (typeof d.title === 'string' || typeof d.feed_url === 'string');
}

/** JSON Feed 1.1's `authors`, else 1.0's `author`: the first name (or URL when nameless). */
function authorOf(it: Obj): string | undefined {
  const first = list(it.authors).find(obj) ?? (obj(it.author) ? it.author : undefined);
  const name = collapse(str(first?.name));
  return name ? clip(name, AUTHOR_MAX) : undefined;
}

/** Parses a JSON Feed document. Throws `GfaError('E_INPUT')` when it is not JSON or not a JSON Feed. */
export function parseJsonFeed(text: string, baseUrl: string): ParsedFeed {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new GfaError('E_INPUT', `not a valid JSON feed (${(err as Error).message.split('\n')[0]})`);
  }
  if (!obj(doc) || !isJsonFeed(doc)) {
    const found = obj(doc) ? `an object with keys ${Object.keys(doc).slice(0, 5).join(', ') || 'none'}` : Array.isArray(doc) ? 'an array' : `a ${typeof doc}`;
    throw new GfaError('E_INPUT', `JSON document is not a JSON Feed (found ${found.slice(0, 120)}; a feed has "version": "https://jsonfeed.org/version/1.1" and "items")`);
  }
  const siteUrl = feedUrl(str(doc.home_page_url), baseUrl);
  const author = authorOf(doc);
  const items: RawItem[] = list(doc.items)
    .filter(obj)
    .slice(0, ITEMS_MAX)
    .map((it) => {
      const summary = str(it.summary) ? clip(collapse(str(it.summary)), SUMMARY_MAX) : htmlToText(str(it.content_html), SUMMARY_MAX) || clip(collapse(str(it.content_text)), SUMMARY_MAX);
      const title = clip(collapse(str(it.title)), TITLE_MAX);
      return {
        guid: str(it.id),
        link: feedUrl(str(it.url) || str(it.external_url), siteUrl ?? baseUrl),
        title: title || clip(summary, 80),
        summary,
        author: authorOf(it),
        published: str(it.date_published),
        updated: str(it.date_modified),
        enclosures: enclosureList(list(it.attachments).filter(obj).map((a) => enclosure(str(a.url), siteUrl ?? baseUrl, str(a.mime_type), typeof a.size_in_bytes === 'number' ? a.size_in_bytes : undefined))),
      };
    });
  return {
    format: 'json',
    title: clip(collapse(str(doc.title)), TITLE_MAX) || new URL(baseUrl).host,
    ...(siteUrl ? { siteUrl } : {}),
    ...(author ? { author } : {}),
    items: finishItems(items),
  };
}
