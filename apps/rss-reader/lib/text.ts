/** @module Small text helpers for untrusted feed content: plain text out, http(s) links only. */

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** Decodes the common HTML entities (named basics and numeric). Unknown ones stay as written. */
export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, ent: string) => {
    if (ent[0] === '#') {
      const code = ent[1] === 'x' || ent[1] === 'X' ? parseInt(ent.slice(2), 16) : parseInt(ent.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED[ent.toLowerCase()] ?? whole;
  });
}

/** Turns an HTML fragment into one line of plain text (tags dropped, entities decoded, spaces collapsed). */
export function htmlToText(html: string): string {
  const noBlocks = html.replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, ' ');
  return collapse(decodeEntities(noBlocks.replace(/<[^>]*>/g, ' ')));
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
