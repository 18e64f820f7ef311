/** @module Reading values out of fast-xml-parser's object tree, which mixes strings, objects and arrays. */

/** One parsed XML node: a string (text-only element) or an object of children and `@_` attributes. */
export type XmlNode = string | number | boolean | { [key: string]: unknown } | unknown[] | undefined | null;

/** The text content of a node: its own text, or its descendants' text joined, for mixed content. */
export function textOf(node: unknown): string {
  if (node === undefined || node === null) return '';
  if (typeof node === 'string') return node;
  if (typeof node === 'number' || typeof node === 'boolean') return String(node);
  if (Array.isArray(node)) return node.length > 0 ? textOf(node[0]) : '';
  if (typeof node === 'object') {
    const obj = node as Record<string, unknown>;
    if (typeof obj['#text'] === 'string' || typeof obj['#text'] === 'number') return String(obj['#text']);
    return Object.entries(obj)
      .filter(([k]) => !k.startsWith('@_'))
      .map(([, v]) => textOf(v))
      .filter((s) => s !== '')
      .join(' ');
  }
  return '';
}

/** An attribute of an element node, or undefined. */
export function attr(node: unknown, name: string): string | undefined {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return undefined;
  const v = (node as Record<string, unknown>)[`@_${name}`];
  return typeof v === 'string' ? v : undefined;
}

/** A child element (the first one, if repeated), or undefined. */
export function child(node: unknown, name: string): unknown {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return undefined;
  const v = (node as Record<string, unknown>)[name];
  return Array.isArray(v) ? v[0] : v;
}

/** All child elements of that name (always an array). */
export function children(node: unknown, name: string): unknown[] {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return [];
  const v = (node as Record<string, unknown>)[name];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}
