/**
 * @module Microsoft's Channel Definition Format (CDF, 1997; https://www.w3.org/TR/NOTE-CDFsubmit.html):
 * `<CHANNEL HREF>` with `<TITLE>`, `<ABSTRACT>` and `<ITEM HREF LASTMOD>`. Old, rare, and still in
 * feedparser's well-formed corpus, so read rather than refused.
 */
import { htmlToText } from '../text.ts';
import type { ParsedFeed } from '../types.ts';
import type { XmlElement } from '../xml/dom.ts';
import { attrOf, kid, kids, markupOf, textContent } from '../xml/query.ts';
import { ITEMS_MAX, SUMMARY_MAX, TITLE_MAX } from './caps.ts';
import { feedUrl, finishItems, toText } from './fields.ts';

/** Parses a `<CHANNEL>` root. */
export function parseCdf(channel: XmlElement, docUrl: string): ParsedFeed {
  const siteUrl = feedUrl(attrOf(channel, 'HREF'), channel.base ?? docUrl);
  return {
    format: 'cdf',
    title: toText(textContent(kid(channel, 'TITLE')), 'text', TITLE_MAX) || new URL(docUrl).host,
    ...(siteUrl ? { siteUrl } : {}),
    items: finishItems(
      kids(channel, 'ITEM').slice(0, ITEMS_MAX).map((it) => ({
        link: feedUrl(attrOf(it, 'HREF'), it.base ?? docUrl),
        title: toText(textContent(kid(it, 'TITLE')), 'text', TITLE_MAX),
        summary: htmlToText(markupOf(kid(it, 'ABSTRACT')), SUMMARY_MAX),
        updated: attrOf(it, 'LASTMOD'),
        enclosures: [],
      })),
    ),
  };
}
