/** @module XML feeds: RSS 2.0, RSS 1.0 (RDF), Atom (and CDF), read with the app's own small XML reader (lib/xml). */
import { GfaError } from './errors.ts';
import { parseAtom } from './feed/atom.ts';
import { parseCdf } from './feed/cdf.ts';
import { parseRss } from './feed/rss.ts';
import type { ParsedFeed } from './types.ts';
import { parseXml } from './xml/dom.ts';

export { SUMMARY_MAX } from './feed/caps.ts';

/**
 * Parses an XML feed. `baseUrl` (the feed's URL) resolves relative links.
 * Throws `GfaError('E_INPUT')` with the line of the first syntax error, or naming the root when it is not a feed.
 */
export function parseXmlFeed(xml: string, baseUrl: string): ParsedFeed {
  const root = parseXml(xml, baseUrl);
  if (root.key === 'rss' || root.key === 'rdf:RDF' || root.name === 'rdf:RDF') return parseRss(root, baseUrl);
  if (root.key === 'atom:feed' || root.key === 'feed') return parseAtom(root, baseUrl);
  if (root.key === 'CHANNEL') return parseCdf(root, baseUrl);
  throw new GfaError('E_INPUT', `XML document is not an RSS or Atom feed (its root is <${root.name.slice(0, 40)}>, not <rss>, <rdf:RDF> or <feed>)`);
}
