/**
 * @module RSS 0.9x/2.0 and RSS 1.0 (RDF), with the modules feeds mix in: Dublin Core (`dc:title`,
 * `dc:description`, `dc:creator`, `dc:date`), `content:encoded`, Media RSS (`media:title`,
 * `media:content`), iTunes (`itunes:author`, `itunes:summary`) and Atom elements inside RSS
 * (`atom:link`, `atom:published`, `atom:updated`).
 *
 * Titles are plain text as written (`&lt;b&gt;` shows as `<b>`; child elements give their text);
 * descriptions are HTML, reduced to text. See lib/feed/README.md for why text, not HTML.
 */
import { htmlToText } from '../text.ts';
import type { ParsedFeed } from '../types.ts';
import type { XmlElement } from '../xml/dom.ts';
import { attrOf, kid, kids, markupOf, textContent } from '../xml/query.ts';
import { AUTHOR_MAX, ITEMS_MAX, SUMMARY_MAX, TITLE_MAX } from './caps.ts';
import { authorName, enclosure, enclosureList, feedUrl, finishItems, toText, type RawItem } from './fields.ts';

const TITLE = ['title', 'dc:title', 'media:title', 'atom:title'];
const BODY = ['description', 'dc:description', 'content:encoded', 'atom:summary', 'atom:content', 'media:description', 'itunes:summary', 'fullitem'];
const AUTHOR = ['author', 'dc:creator', 'dc:author', 'itunes:author', 'dc:contributor'];
const PUBLISHED = ['pubDate', 'dc:date', 'atom:published', 'atom:issued', 'dcterms:issued', 'dcterms:created'];
const UPDATED = ['atom:updated', 'atom:modified', 'dcterms:modified'];

/** Parses an `<rss>` root (items in the channel) or an `<rdf:RDF>` root (items beside it). */
export function parseRss(root: XmlElement, docUrl: string): ParsedFeed {
  const rdf = root.key !== 'rss';
  const channel = kid(root, 'channel') ?? root;
  const siteUrl = feedUrl(textContent(kid(channel, 'link')), channel.base ?? docUrl) ?? alternate(channel, docUrl);
  const author = authorName(authorOf(channel, 'managingEditor', 'webMaster'));
  const items = kids(rdf ? root : channel, 'item').slice(0, ITEMS_MAX);
  return {
    format: rdf ? 'rdf' : 'rss',
    title: toText(textContent(kid(channel, ...TITLE)), 'text', TITLE_MAX) || new URL(docUrl).host,
    ...(siteUrl ? { siteUrl } : {}),
    ...(author ? { author } : {}),
    items: finishItems(items.map((it) => rssItem(it, it.base ?? siteUrl ?? docUrl))),
  };
}

function rssItem(it: XmlElement, base: string): RawItem {
  const guidEl = kid(it, 'guid');
  const guid = textContent(guidEl).trim() || attrOf(it, 'rdf:about');
  const permalink = attrOf(guidEl, 'isPermaLink')?.toLowerCase() !== 'false' && /^https?:/i.test(guid ?? '') ? guid : undefined;
  const link = feedUrl(textContent(kid(it, 'link')), base) ?? alternate(it, base) ?? feedUrl(permalink, base);
  const enclosures = kids(it, 'enclosure').map((e) => enclosure(attrOf(e, 'url'), base, attrOf(e, 'type'), attrOf(e, 'length')));
  for (const l of kids(it, 'atom:link')) if (attrOf(l, 'rel') === 'enclosure') enclosures.push(enclosure(attrOf(l, 'href'), l.base ?? base, attrOf(l, 'type'), attrOf(l, 'length')));
  if (enclosures.length === 0) {
    for (const m of [...kids(it, 'media:content'), ...kids(kid(it, 'media:group'), 'media:content')]) enclosures.push(enclosure(attrOf(m, 'url'), base, attrOf(m, 'type'), attrOf(m, 'fileSize')));
  }
  return {
    guid,
    link,
    title: toText(textContent(kid(it, ...TITLE)), 'text', TITLE_MAX),
    summary: bodyOf(it),
    author: authorOf(it),
    published: textContent(kid(it, ...PUBLISHED)),
    updated: textContent(kid(it, ...UPDATED)),
    enclosures: enclosureList(enclosures),
  };
}

/** The item's body as text: HTML carried as text, or an XHTML `<body>` (whose text is unescaped once already). */
function bodyOf(it: XmlElement): string {
  const xhtml = kid(it, 'xhtml:body', 'body');
  const html = kid(it, ...BODY) ?? (xhtml ? undefined : kid(kid(it, 'media:group'), 'media:description'));
  return htmlToText(html ? markupOf(html) : markupOf(xhtml, true), SUMMARY_MAX);
}

/** The author's text: RSS `author`, `dc:creator`, `itunes:author`, or an Atom `author` element's name. */
function authorOf(el: XmlElement, ...more: string[]): string | undefined {
  const atom = kid(el, 'atom:author');
  const text = toText(textContent(kid(el, ...AUTHOR, ...more)), 'text', AUTHOR_MAX) || toText(textContent(kid(atom, 'atom:name', 'atom:email')), 'text', AUTHOR_MAX);
  return text || undefined;
}

/** An `atom:link rel="alternate"` inside RSS. */
function alternate(el: XmlElement, base: string): string | undefined {
  const l = kids(el, 'atom:link').find((x) => (attrOf(x, 'rel') ?? 'alternate') === 'alternate');
  return l ? feedUrl(attrOf(l, 'href'), l.base ?? base) : undefined;
}
