/**
 * @module Feed autodiscovery: the `<link rel="alternate" type="application/rss+xml" href>` (or Atom,
 * JSON Feed) tags of a web page (https://www.rssboard.org/rss-autodiscovery). A linear scan of the
 * page's `<link>` tags, no HTML parser: only the first 512 KiB are looked at.
 */
import { decodeEntities, safeHttpUrl } from './text.ts';

const FEED_TYPES = ['application/rss+xml', 'application/atom+xml', 'application/feed+json', 'application/json', 'application/rdf+xml'];
const SCAN_LIMIT = 512 * 1024;

/** Feed URLs announced by an HTML page, resolved against `pageUrl`, in page order (http(s) only). */
export function discoverFeeds(html: string, pageUrl: string): string[] {
  const text = html.slice(0, SCAN_LIMIT);
  const found: string[] = [];
  for (const m of text.matchAll(/<link\b([^<>]*)>/gi)) {
    const attrs = attributes(m[1] ?? '');
    const rel = (attrs.get('rel') ?? '').toLowerCase().split(/\s+/);
    const type = (attrs.get('type') ?? '').toLowerCase().split(';')[0]!.trim();
    if (!rel.includes('alternate') || !FEED_TYPES.includes(type)) continue;
    const url = safeHttpUrl(attrs.get('href'), pageUrl);
    if (url && !found.includes(url)) found.push(url);
  }
  return found;
}

function attributes(source: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of source.matchAll(/([a-zA-Z_:][-a-zA-Z0-9_:.]*)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/g)) {
    out.set(m[1]!.toLowerCase(), decodeEntities(m[2] ?? m[3] ?? m[4] ?? ''));
  }
  return out;
}

/** True when a body looks like an HTML page rather than a feed. */
export function looksLikeHtml(body: string, contentType = ''): boolean {
  return /html/i.test(contentType) || /^\s*(?:\uFEFF)?\s*(?:<!doctype html|<html)/i.test(body.slice(0, 1024));
}
