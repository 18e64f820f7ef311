/**
 * @module OPML 2.0 subscription lists (http://opml.org/spec2.opml): parse outlines with `xmlUrl` (one
 * level of folders, as feed readers use them) and write them back.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { GfaError } from './errors.ts';
import { clip, collapse, safeHttpUrl } from './text.ts';
import { attr, child, children } from './xml-node.ts';

/** One subscription in an OPML file. */
export interface OpmlFeed {
  url: string;
  title?: string;
  folder?: string;
}

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', processEntities: true, htmlEntities: true, isArray: (name) => name === 'outline' });

/** The feeds of an OPML document; outlines without an http(s) `xmlUrl` are skipped. Nested folders flatten to the outermost. */
export function parseOpml(text: string): OpmlFeed[] {
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new GfaError('E_INPUT', `not a valid OPML file (line ${valid.err.line}: ${valid.err.msg})`);
  const doc = parser.parse(text) as Record<string, unknown>;
  const body = child(child(doc, 'opml'), 'body');
  if (body === undefined) throw new GfaError('E_INPUT', 'not an OPML file (no <opml><body>)');
  const out: OpmlFeed[] = [];
  const walk = (nodes: unknown[], folder: string | undefined): void => {
    for (const node of nodes) {
      const url = safeHttpUrl(attr(node, 'xmlUrl'));
      const title = clip(collapse(attr(node, 'title') ?? attr(node, 'text') ?? ''), 300);
      if (url) out.push({ url, ...(title ? { title } : {}), ...(folder ? { folder } : {}) });
      else walk(children(node, 'outline'), folder ?? (title || undefined));
    }
  };
  walk(children(body, 'outline'), undefined);
  return out;
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** An OPML 2.0 document listing `feeds`, grouped by folder. */
export function buildOpml(feeds: (OpmlFeed & { siteUrl?: string })[], title = 'rss-reader subscriptions'): string {
  const line = (f: OpmlFeed & { siteUrl?: string }, indent: string): string =>
    `${indent}<outline type="rss" text="${esc(f.title ?? f.url)}" title="${esc(f.title ?? f.url)}" xmlUrl="${esc(f.url)}"${f.siteUrl ? ` htmlUrl="${esc(f.siteUrl)}"` : ''}/>`;
  const loose = feeds.filter((f) => !f.folder);
  const folders = [...new Set(feeds.map((f) => f.folder).filter((f): f is string => !!f))].sort();
  const body = [
    ...folders.flatMap((name) => [`    <outline text="${esc(name)}" title="${esc(name)}">`, ...feeds.filter((f) => f.folder === name).map((f) => line(f, '      ')), '    </outline>']),
    ...loose.map((f) => line(f, '    ')),
  ];
  return `<?xml version="1.0" encoding="UTF-8"?>\n<opml version="2.0">\n  <head><title>${esc(title)}</title></head>\n  <body>\n${body.join('\n')}\n  </body>\n</opml>\n`;
}
