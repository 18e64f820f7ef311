/** @module Small text helpers for untrusted feed content: plain text out, http(s) links only. */
import { decodeRefs } from './xml/entities.ts';

/** Decodes HTML character references once: numeric, and HTML 4's named ones (lib/xml/entities.ts). Unknown ones stay as written. */
export function decodeEntities(s: string): string {
  return decodeRefs(s);
}

/**
 * Turns an HTML fragment into one line of plain text (tags, scripts and styles dropped, entities decoded,
 * spaces collapsed), at most `max` characters (clipped with an ellipsis).
 *
 * One pass, linear in the input: every search starts where the last one stopped, and a search that found
 * nothing is never repeated (a body of 100 KB of `<` with no `>` is one search, not 100,000). Scanning stops
 * as soon as `max` characters of text are out, so a long body costs what its first part costs.
 * A `<` with no `>` after it is text, as browsers show it.
 */
export function htmlToText(html: string, max = Number.POSITIVE_INFINITY): string {
  const lower = html.toLowerCase();
  const closers = new Map<string, [number, number]>();
  let out = '';
  let at = 0;
  let noMoreTags = false;
  // `out` never holds two spaces in a row nor a leading one, so its length is what the text will show.
  const add = (piece: string): void => {
    out += piece.startsWith(' ') && (out === '' || out.endsWith(' ')) ? piece.slice(1) : piece;
  };
  const emit = (raw: string): void => add(collapseSpaces(decodeEntities(raw)));
  while (at < html.length && out.length <= max + 1) {
    const lt = noMoreTags ? -1 : html.indexOf('<', at);
    const gt = lt < 0 ? -1 : html.indexOf('>', lt + 1);
    if (gt < 0) {
      // No tag ends after here (and none will): the rest is text, cut to what can still show.
      noMoreTags = true;
      emit(html.slice(at, Number.isFinite(max) ? Math.min(html.length, at + (max - out.length + 1) * 12) : html.length));
      break;
    }
    emit(html.slice(at, lt));
    add(' ');
    at = gt + 1;
    const name = /^<(script|style)\b/.exec(lower.slice(lt, lt + 8))?.[1];
    if (name) at = skipBlock(lower, name, at, closers);
  }
  return clip(collapse(out), max);
}

/**
 * Index after `</name ...>` at or after `from`, or `from` when there is none (the block is then plain text,
 * as before). `closers` remembers the last answer per name: `[start of </name, index after its >]`.
 */
function skipBlock(lower: string, name: string, from: number, closers: Map<string, [number, number]>): number {
  let hit = closers.get(name);
  if (hit === undefined || (hit[0] >= 0 && hit[0] < from)) {
    const start = lower.indexOf(`</${name}`, from);
    const gt = start < 0 ? -1 : lower.indexOf('>', start);
    hit = [start, gt < 0 ? -1 : gt + 1];
    closers.set(name, hit);
  }
  return hit[1] < 0 ? from : hit[1];
}

function collapseSpaces(s: string): string {
  return s.replace(/\s+/g, ' ');
}

/** Collapses whitespace and trims. */
export function collapse(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** Cuts `s` to at most `max` characters, ending with an ellipsis when cut. */
export function clip(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1).trimEnd()}…`;
}

/**
 * Resolves `href` against `base` and returns it only when it is an absolute http(s) URL
 * (no `javascript:`, `data:` or other schemes). Returns undefined otherwise.
 */
export function safeHttpUrl(href: string | undefined, base?: string): string | undefined {
  if (!href) return undefined;
  try {
    const url = base ? new URL(href.trim(), base) : new URL(href.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** Normalizes a date string (RFC 822, ISO 8601) to ISO 8601, or undefined when unparseable. */
export function isoDate(s: string | undefined): string | undefined {
  if (!s) return undefined;
  const t = Date.parse(s.trim());
  return Number.isFinite(t) ? new Date(t).toISOString() : undefined;
}
