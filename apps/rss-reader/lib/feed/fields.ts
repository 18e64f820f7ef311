/** @module Field values every format shares: authors, enclosures, dates, item keys, text constructs. */
import { shortHash } from '../hash.ts';
import { clip, collapse, htmlToText, isoDate, safeHttpUrl } from '../text.ts';
import type { Enclosure, ParsedItem } from '../types.ts';
import { AUTHOR_MAX, ENCLOSURES_MAX, MIME_MAX, SUMMARY_MAX, TITLE_MAX, URL_MAX } from './caps.ts';

/** An http(s) URL resolved against `base`, at most {@link URL_MAX} characters, or undefined. */
export function feedUrl(href: string | undefined, base: string): string | undefined {
  const url = safeHttpUrl(href, base);
  return url !== undefined && url.length <= URL_MAX ? url : undefined;
}

/**
 * A display name from an author field: `Name`, `me@example.com (Name)`, `Name <me@example.com>` and
 * `me@example.com` all give the name (or the address when that is all there is).
 */
export function authorName(raw: string | undefined): string | undefined {
  let s = collapse(raw ?? '');
  if (!s) return undefined;
  const paren = /^(\S+@\S+)\s*\((.+)\)$/.exec(s);
  const angle = /^(.+?)\s*<\S+@\S+>$/.exec(s);
  const trailing = /^(.+?)\s*\(\S+@\S+\)$/.exec(s);
  s = paren?.[2] ?? angle?.[1] ?? trailing?.[1] ?? s;
  return clip(s.replace(/^mailto:/i, '').trim(), AUTHOR_MAX) || undefined;
}

/** An enclosure when `url` is a safe URL; type and length kept when well-formed. */
export function enclosure(url: string | undefined, base: string, type?: string, length?: string | number): Enclosure | undefined {
  const href = feedUrl(url, base);
  if (href === undefined) return undefined;
  const mime = type?.trim().toLowerCase();
  const bytes = typeof length === 'number' ? length : Number(length?.trim());
  return {
    url: href,
    ...(mime && mime.length <= MIME_MAX && /^[\w.+-]+\/[\w.+-]+$/.test(mime) ? { type: mime } : {}),
    ...(Number.isSafeInteger(bytes) && bytes > 0 ? { length: bytes } : {}),
  };
}

/** Distinct enclosures, at most {@link ENCLOSURES_MAX}. */
export function enclosureList(list: (Enclosure | undefined)[]): Enclosure[] {
  const seen = new Set<string>();
  const out: Enclosure[] = [];
  for (const e of list) {
    if (e === undefined || seen.has(e.url)) continue;
    seen.add(e.url);
    out.push(e);
    if (out.length === ENCLOSURES_MAX) break;
  }
  return out;
}

/** How a text value is written: plain text, HTML as text, or markup already parsed as XML. */
export type TextKind = 'text' | 'html' | 'xhtml';

/** Plain text for a title or summary from a value of that kind, clipped to `max`. */
export function toText(value: string, kind: TextKind, max: number): string {
  return kind === 'text' ? clip(collapse(value), max) : htmlToText(value, max);
}

/** What the format parsers hand over for one item, before caps and keys. */
export interface RawItem {
  guid?: string | undefined;
  link?: string | undefined;
  title: string;
  summary: string;
  author?: string | undefined;
  published?: string | undefined;
  updated?: string | undefined;
  enclosures: Enclosure[];
}

/**
 * The stored shape of an item: dates normalized (`published` falls back to `updated`, and `updated` is kept
 * when it differs), title and summary clipped, and a key that is unique within the feed: the feed's own id, else its link, else its content;
 * a second item with the same key gets the key with its occurrence number.
 */
export function finishItems(raw: RawItem[]): ParsedItem[] {
  const used = new Map<string, number>();
  return raw.map((it) => {
    const updated = isoDate(it.updated);
    const published = isoDate(it.published) ?? updated;
    const title = clip(it.title, TITLE_MAX);
    const summary = clip(it.summary, SUMMARY_MAX);
    // The same basis as before enclosures and summaries counted, so stored items keep their ids.
    const basis = it.guid || it.link || (title ? `${title}|${published ?? ''}` : `|${published ?? ''}|${summary}|${it.enclosures[0]?.url ?? ''}`);
    const seen = used.get(basis) ?? 0;
    used.set(basis, seen + 1);
    const author = authorName(it.author);
    return {
      id: shortHash(seen === 0 ? basis : `${basis}#${seen}`),
      title: title || '(untitled)',
      ...(it.link ? { link: it.link } : {}),
      ...(published ? { published } : {}),
      ...(updated && updated !== published ? { updated } : {}),
      ...(summary ? { summary } : {}),
      ...(author ? { author } : {}),
      ...(it.enclosures.length > 0 ? { enclosures: it.enclosures } : {}),
    };
  });
}
