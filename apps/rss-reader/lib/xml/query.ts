/** @module Reading a parsed XML tree: children by key, text content, markup back as HTML source. */
import type { XmlElement, XmlNode } from './dom.ts';

const isElement = (n: XmlNode): n is XmlElement => typeof n !== 'string';

/** The first child with the first of `keys` that has one (keys in order of preference). */
export function kid(el: XmlElement | undefined, ...keys: string[]): XmlElement | undefined {
  if (el === undefined) return undefined;
  for (const key of keys) {
    for (const k of el.kids) if (isElement(k) && k.key === key) return k;
  }
  return undefined;
}

/** Every child with one of `keys`, in document order. */
export function kids(el: XmlElement | undefined, ...keys: string[]): XmlElement[] {
  if (el === undefined) return [];
  return el.kids.filter((k): k is XmlElement => isElement(k) && keys.includes(k.key));
}

/** All the text inside `el`, markup dropped (`Example <b>Atom</b>` → `Example Atom`). */
export function textContent(el: XmlElement | undefined): string {
  if (el === undefined) return '';
  let out = '';
  for (const k of el.kids) out += typeof k === 'string' ? k : textContent(k);
  return out;
}

/**
 * The inside of `el` as HTML source: child elements written back as tags (attributes dropped, they
 * only matter for rendering we do not do), text as it was decoded. With `escapeText`, text is escaped
 * again, for content that is XML (Atom `xhtml`) rather than HTML carried as text.
 */
export function markupOf(el: XmlElement | undefined, escapeText = false): string {
  if (el === undefined) return '';
  let out = '';
  for (const k of el.kids) {
    if (typeof k === 'string') out += escapeText ? k.replace(/&/g, '&amp;').replace(/</g, '&lt;') : k;
    else {
      const local = k.name.slice(k.name.indexOf(':') + 1);
      out += `<${local}>${markupOf(k, escapeText)}</${local}>`;
    }
  }
  return out;
}

/** An attribute's value, trimmed, or undefined when absent or empty. */
export function attrOf(el: XmlElement | undefined, name: string): string | undefined {
  const v = el?.attrs[name]?.trim();
  return v ? v : undefined;
}
