/**
 * @module When a parser's value agrees with a corpus expectation. Corpora state text as HTML (feedparser
 * sanitises, gofeed passes markup through); parsers give HTML or plain text. So both sides are reduced to
 * text the same way, and a value agrees when it equals the expectation's text read either as text or as
 * HTML (tags dropped, entities decoded once). A value clipped with `…` agrees when the expectation starts
 * with it. URLs compare as parsed URLs, dates to the second, lengths as numbers; an author agrees when it
 * is the expected name with or without the e-mail address.
 */
import { decodeRefs } from '../../apps/rss-reader/lib/xml/entities.ts';
import type { Expectation } from './cases.ts';
import type { View } from './views.ts';

const collapse = (x: string): string => x.replace(/\s+/g, ' ').trim();
const asHtml = (x: string): string => collapse(decodeRefs(x.replace(/<[^>]*>/g, ' ')));
const asText = (x: string): string => collapse(x);

function sameText(actual: string, expected: string): boolean {
  const want = [asHtml(expected), asText(expected)];
  for (const got of [asText(actual), asHtml(actual)]) {
    if (want.includes(got)) return true;
    if (got.endsWith('…') && got.length > 1 && want.some((w) => w.startsWith(got.slice(0, -1).trimEnd()))) return true;
  }
  return false;
}

function names(expected: string): string[] {
  const e = collapse(expected);
  const m = /^(\S+@\S+)\s*\((.+)\)$/.exec(e) ?? /^(.+?)\s*[(<]\S+@\S+[)>]$/.exec(e);
  return [e, ...(m ? [m[2] ?? m[1]!] : [])].map(asHtml);
}

function sameUrl(a: string, b: string): boolean {
  try {
    return new URL(a.trim()).href === new URL(b.trim()).href;
  } catch {
    return a.trim() === b.trim();
  }
}

/**
 * Whether an expectation is counted: one whose text is empty either way it is read (`<span abbr=""></span>`,
 * most of feedparser's `sanitize/` files) tests HTML sanitising, which leaves no text to compare.
 */
export function counted(e: Expectation): boolean {
  return typeof e.expected === 'number' || asHtml(e.expected) !== '';
}

/** The parser's value for an expectation's field, or undefined. */
export function valueOf(view: View, e: Expectation): string | number | undefined {
  const it = view.items[e.item];
  switch (e.field) {
    case 'feed.title': return view.title;
    case 'feed.link': return view.link;
    case 'feed.author': return view.author;
    case 'item.title': return it?.title;
    case 'item.link': return it?.link;
    case 'item.summary': return it?.summary ?? it?.content;
    case 'item.content': return it?.content ?? it?.summary;
    case 'item.author': return it?.author;
    case 'item.published': return it?.published;
    case 'item.updated': return it?.updated;
    case 'enclosure.url': return it?.enclosure?.url;
    case 'enclosure.type': return it?.enclosure?.type;
    case 'enclosure.length': return it?.enclosure?.length;
  }
}

/** True when the parser's view agrees with the expectation. */
export function agrees(view: View, e: Expectation): boolean {
  const got = valueOf(view, e);
  if (got === undefined || got === '') return false;
  if (typeof e.expected === 'number') return typeof got === 'number' ? Math.abs(got - e.expected) < 1000 : Number(got) === e.expected;
  if (typeof got === 'number') return String(got) === e.expected.trim();
  if (e.field === 'feed.link' || e.field === 'item.link' || e.field === 'enclosure.url') return sameUrl(got, e.expected);
  if (e.field === 'enclosure.length') return Number(got) === Number(e.expected);
  if (e.field === 'enclosure.type') return got.trim().toLowerCase() === e.expected.trim().toLowerCase();
  if (e.field.endsWith('author')) return names(e.expected).some((n) => sameText(got, n));
  return sameText(got, e.expected);
}
