/**
 * @module Namespaces feeds use, each under one canonical prefix, so `dc:creator` is found whatever prefix
 * a feed declares for Dublin Core (`<x:creator xmlns:x="http://purl.org/dc/elements/1.1/">`). RSS's own
 * namespaces (RSS 1.0, 0.9, the 2.0 ones some feeds declare) map to no prefix: `title` is `title`.
 */

const CANONICAL: ReadonlyMap<string, string> = new Map([
  ['http://www.w3.org/2005/atom', 'atom'],
  ['http://purl.org/atom/ns#', 'atom'],
  ['http://purl.org/dc/elements/1.1/', 'dc'],
  ['http://purl.org/dc/terms/', 'dcterms'],
  ['http://purl.org/rss/1.0/modules/content/', 'content'],
  ['http://search.yahoo.com/mrss/', 'media'],
  ['http://search.yahoo.com/mrss', 'media'],
  ['http://www.w3.org/1999/02/22-rdf-syntax-ns#', 'rdf'],
  ['http://www.itunes.com/dtds/podcast-1.0.dtd', 'itunes'],
  ['http://www.w3.org/1999/xhtml', 'xhtml'],
  ['http://purl.org/rss/1.0/', ''],
  ['http://my.netscape.com/rdf/simple/0.9/', ''],
  ['http://channel.netscape.com/rdf/simple/0.9/', ''],
  ['http://backend.userland.com/rss2', ''],
  ['http://blogs.law.harvard.edu/tech/rss', ''],
]);

/** Prefix → namespace URI in scope at one element. */
export type Scope = ReadonlyMap<string, string>;

/**
 * The key an element is looked up by: `canonical:local` for a known namespace, `local` for RSS's own
 * and for no namespace, and the name as written for an unknown or undeclared prefix.
 */
export function elementKey(name: string, scope: Scope): string {
  const colon = name.indexOf(':');
  const prefix = colon < 0 ? '' : name.slice(0, colon);
  const local = colon < 0 ? name : name.slice(colon + 1);
  const uri = scope.get(prefix);
  if (uri === undefined) return name;
  const canonical = CANONICAL.get(uri.toLowerCase());
  if (canonical === undefined) return prefix ? name : local;
  return canonical ? `${canonical}:${local}` : local;
}

/** The scope inside an element with these attributes: the parent's, plus its `xmlns` declarations. */
export function scopeOf(attrs: Record<string, string>, parent: Scope): Scope {
  let scope: Map<string, string> | undefined;
  for (const name in attrs) {
    if (name !== 'xmlns' && !name.startsWith('xmlns:')) continue;
    scope ??= new Map(parent);
    scope.set(name === 'xmlns' ? '' : name.slice(6), attrs[name]!.trim());
  }
  return scope ?? parent;
}
