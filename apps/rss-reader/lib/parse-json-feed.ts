/** @module JSON Feed 1.0 / 1.1 (https://jsonfeed.org/version/1.1), parsed by hand. */
import { GfaError } from './errors.ts';
import { shortHash } from './hash.ts';
import { SUMMARY_MAX } from './parse-xml.ts';
import { clip, collapse, htmlToText, isoDate, safeHttpUrl } from './text.ts';
import type { ParsedFeed } from './types.ts';

const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

/** Parses a JSON Feed document. Throws `GfaError('E_INPUT')` when it is not JSON or not a JSON Feed. */
export function parseJsonFeed(text: string, baseUrl: string): ParsedFeed {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new GfaError('E_INPUT', `not a valid JSON feed (${(err as Error).message.split('\n')[0]})`);
  }
  if (doc === null || typeof doc !== 'object' || !str((doc as Record<string, unknown>).version).startsWith('https://jsonfeed.org/version/')) {
    throw new GfaError('E_INPUT', 'JSON document is not a JSON Feed (no "version": "https://jsonfeed.org/version/1.1")');
  }
  const d = doc as Record<string, unknown>;
  const siteUrl = safeHttpUrl(str(d.home_page_url), baseUrl);
  const items = Array.isArray(d.items) ? d.items : [];
  return {
    format: 'json',
    title: clip(collapse(str(d.title)), 300) || new URL(baseUrl).host,
    siteUrl,
    items: items
      .filter((it): it is Record<string, unknown> => it !== null && typeof it === 'object')
      .map((it) => {
        const link = safeHttpUrl(str(it.url) || str(it.external_url), siteUrl ?? baseUrl);
        const published = isoDate(str(it.date_published) || str(it.date_modified));
        const title = clip(collapse(str(it.title)), 300);
        const body = str(it.summary) ? collapse(str(it.summary)) : htmlToText(str(it.content_html), SUMMARY_MAX) || collapse(str(it.content_text));
        const summary = clip(body, SUMMARY_MAX);
        return {
          id: shortHash(str(it.id) || link || `${title}|${published ?? ''}`),
          title: title || clip(summary, 80) || '(untitled)',
          ...(link ? { link } : {}),
          ...(published ? { published } : {}),
          ...(summary ? { summary } : {}),
        };
      }),
  };
}
