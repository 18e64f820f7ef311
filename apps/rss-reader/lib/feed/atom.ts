/**
 * @module Atom 1.0 (RFC 4287) and Atom 0.3: text constructs of every type (`text`, `html`, `xhtml`,
 * 0.3's MIME types and `mode="escaped" | "base64" | "xml"`), links by `rel`, authors, and 0.3's
 * `issued`/`modified` dates. `xml:base` applies to every link.
 */
import { Buffer } from 'node:buffer';
import type { ParsedFeed } from '../types.ts';
import type { XmlElement } from '../xml/dom.ts';
import { attrOf, kid, kids, markupOf, textContent } from '../xml/query.ts';
import { AUTHOR_MAX, ITEMS_MAX, SUMMARY_MAX, TITLE_MAX } from './caps.ts';
import { authorName, enclosure, enclosureList, feedUrl, finishItems, toText, type RawItem } from './fields.ts';

/** Both Atom namespaces map to `atom:`; a feed that declares none has bare names. */
const a = (name: string): string[] => [`atom:${name}`, name];

/** Parses an Atom `<feed>` root. */
export function parseAtom(feed: XmlElement, docUrl: string): ParsedFeed {
  const siteUrl = link(feed, 'alternate', docUrl);
  const author = authorName(authorOf(feed));
  return {
    format: 'atom',
    title: atomText(kid(feed, ...a('title'), 'dc:title'), TITLE_MAX) || new URL(docUrl).host,
    ...(siteUrl ? { siteUrl } : {}),
    ...(author ? { author } : {}),
    items: finishItems(kids(feed, ...a('entry')).slice(0, ITEMS_MAX).map((e) => entry(e, siteUrl ?? docUrl))),
  };
}

function entry(e: XmlElement, base: string): RawItem {
  const content = kid(e, ...a('content'));
  const body = kid(e, ...a('summary')) ?? (attrOf(content, 'src') ? undefined : content) ?? kid(e, 'dc:description') ?? kid(kid(e, 'media:group'), 'media:description');
  return {
    guid: textContent(kid(e, ...a('id'))).trim(),
    link: link(e, 'alternate', base),
    title: atomText(kid(e, ...a('title'), 'dc:title', 'media:title'), TITLE_MAX),
    summary: atomText(body, SUMMARY_MAX),
    author: authorOf(e),
    published: textContent(kid(e, ...a('published'), ...a('issued'), ...a('created'), 'dc:date')),
    updated: textContent(kid(e, ...a('updated'), ...a('modified'))),
    enclosures: enclosureList(kids(e, ...a('link')).filter((l) => attrOf(l, 'rel') === 'enclosure').map((l) => enclosure(attrOf(l, 'href'), l.base ?? base, attrOf(l, 'type'), attrOf(l, 'length')))),
  };
}

/**
 * Plain text from an Atom text construct. `html` (and 0.3's `escaped`, `text/html`) is HTML carried as
 * text; `xhtml` (0.3's `xml` mode) is markup parsed as XML, whose text is already unescaped once, so it
 * is written back escaped before reduction: `&lt;blink&gt;` stays the text `<blink>`, never a tag.
 */
export function atomText(el: XmlElement | undefined, max: number): string {
  if (el === undefined) return '';
  const type = (attrOf(el, 'type') ?? 'text').toLowerCase();
  const mode = attrOf(el, 'mode')?.toLowerCase();
  const html = type === 'html' || type === 'text/html';
  const xhtml = type === 'xhtml' || type === 'application/xhtml+xml';
  // Atom 0.3 says base64 with `mode`; Atom 1.0 with a MIME type that is neither text nor XML (RFC 4287 4.1.3.3).
  const mimeBase64 = type.includes('/') && !type.startsWith('text/') && !type.includes('xml');
  if (mode === 'base64' || mimeBase64) {
    const bytes = Buffer.from(textContent(el), 'base64');
    let decoded: string;
    try {
      decoded = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      return ''; // an image or other binary content: no text to show
    }
    return toText(decoded, type === 'text/plain' || type === 'text' ? 'text' : 'html', max);
  }
  if (mode === 'escaped' || html) return toText(markupOf(el), 'html', max);
  if (mode === 'xml' || xhtml) return toText(markupOf(el, true), 'html', max);
  return toText(textContent(el), 'text', max);
}

/**
 * The `href` of the first link with that `rel` (no `rel` means `alternate`), resolved against its
 * `xml:base` when one is in effect, else against `base` (for entries the site, as the reader always did).
 */
function link(el: XmlElement, rel: string, base: string): string | undefined {
  const l = kids(el, ...a('link')).find((x) => (attrOf(x, 'rel') ?? 'alternate') === rel && attrOf(x, 'href'));
  return l ? feedUrl(attrOf(l, 'href'), l.base ?? base) : undefined;
}

function authorOf(el: XmlElement): string | undefined {
  const author = kid(el, ...a('author'));
  const text = toText(textContent(kid(author, ...a('name'))), 'text', AUTHOR_MAX) || toText(textContent(kid(author, ...a('email'))), 'text', AUTHOR_MAX) || toText(textContent(kid(el, 'dc:creator')), 'text', AUTHOR_MAX);
  return text || undefined;
}
