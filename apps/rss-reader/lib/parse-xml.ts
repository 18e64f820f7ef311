/** @module RSS 2.0, RSS 1.0 (RDF) and Atom parsing with fast-xml-parser (no DOM, works in Node and bundles). */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { GfaError } from './errors.ts';
import { shortHash } from './hash.ts';
import { clip, collapse, htmlToText, isoDate, safeHttpUrl } from './text.ts';
import type { ParsedFeed } from './types.ts';
import { attr, child, children, textOf } from './xml-node.ts';

/** Longest summary kept per item, in characters: values on the data branch stay small. */
export const SUMMARY_MAX = 280;
const TITLE_MAX = 300;
const REPEATED = new Set(['item', 'entry', 'link', 'category']);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  textNodeName: '#text',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
  htmlEntities: true,
  isArray: (name) => REPEATED.has(name),
});

/**
 * Parses an XML feed. `baseUrl` (the feed's URL) resolves relative links.
 * Throws `GfaError('E_INPUT')` with the line of the first syntax error, or when the root is not a feed.
 */
export function parseXmlFeed(xml: string, baseUrl: string): ParsedFeed {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    throw new GfaError('E_INPUT', `not a valid XML feed (line ${valid.err.line}: ${valid.err.msg}); check the URL points at an RSS, Atom or JSON feed`);
  }
  let doc: Record<string, unknown>;
  try {
    doc = parser.parse(xml) as Record<string, unknown>;
  } catch (err) {
    // e.g. external entities, entity expansion limits: refuse the document, never fetch or expand.
    throw new GfaError('E_INPUT', `the feed's XML was refused (${(err as Error).message.split('\n')[0]})`, { cause: err });
  }
  if (doc.rss !== undefined) return parseRss(child(doc.rss, 'channel'), 'rss', baseUrl);
  if (doc['rdf:RDF'] !== undefined) return parseRdf(doc['rdf:RDF'], baseUrl);
  if (doc.feed !== undefined) return parseAtom(doc.feed, baseUrl);
  throw new GfaError('E_INPUT', 'XML document is not an RSS or Atom feed (no <rss>, <rdf:RDF> or <feed> root)');
}

function parseRss(channel: unknown, format: 'rss' | 'rdf', base: string, items = children(channel, 'item')): ParsedFeed {
  const siteUrl = safeHttpUrl(textOf(child(channel, 'link')), base);
  return {
    format,
    title: clip(collapse(textOf(child(channel, 'title'))), TITLE_MAX) || new URL(base).host,
    siteUrl,
    items: items.map((it) => {
      const link = safeHttpUrl(textOf(child(it, 'link')), siteUrl ?? base);
      const title = clip(collapse(textOf(child(it, 'title'))), TITLE_MAX);
      const published = isoDate(textOf(child(it, 'pubDate')) || textOf(child(it, 'dc:date')));
      const rawId = textOf(child(it, 'guid')) || attr(it, 'rdf:about') || link || `${title}|${published ?? ''}`;
      const body = textOf(child(it, 'description')) || textOf(child(it, 'content:encoded'));
      return withOptional({ id: shortHash(rawId), title: title || '(untitled)' }, link, published, body);
    }),
  };
}

function parseRdf(rdf: unknown, base: string): ParsedFeed {
  return parseRss(child(rdf, 'channel'), 'rdf', base, children(rdf, 'item'));
}

function parseAtom(feed: unknown, base: string): ParsedFeed {
  const siteUrl = atomLink(feed, base);
  return {
    format: 'atom',
    title: clip(atomText(child(feed, 'title')), TITLE_MAX) || new URL(base).host,
    siteUrl,
    items: children(feed, 'entry').map((e) => {
      const link = atomLink(e, siteUrl ?? base);
      const title = clip(atomText(child(e, 'title')), TITLE_MAX);
      const published = isoDate(textOf(child(e, 'published')) || textOf(child(e, 'updated')));
      const rawId = textOf(child(e, 'id')) || link || `${title}|${published ?? ''}`;
      const body = textOf(child(e, 'summary')) || textOf(child(e, 'content'));
      return withOptional({ id: shortHash(rawId), title: title || '(untitled)' }, link, published, body);
    }),
  };
}

/** Atom text constructs: `type="html"` and `xhtml` carry markup, which becomes plain text. */
function atomText(node: unknown): string {
  const type = attr(node, 'type');
  return type === 'html' || type === 'xhtml' ? htmlToText(textOf(node), TITLE_MAX) : collapse(textOf(node));
}

/** The `alternate` link (or the first link without `rel`), resolved and http(s) only. */
function atomLink(node: unknown, base: string): string | undefined {
  const links = children(node, 'link');
  const alt = links.find((l) => (attr(l, 'rel') ?? 'alternate') === 'alternate');
  return safeHttpUrl(attr(alt, 'href'), base);
}

function withOptional(item: { id: string; title: string }, link?: string, published?: string, body?: string): ParsedFeed['items'][number] {
  const summary = body ? htmlToText(body, SUMMARY_MAX) : '';
  return { ...item, ...(link ? { link } : {}), ...(published ? { published } : {}), ...(summary ? { summary } : {}) };
}
