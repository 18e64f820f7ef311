/**
 * @module A small XML reader for feeds: builds a tree of elements and text, in one linear pass.
 *
 * Strict where a broken document means a broken download (an element never closed, an end tag that
 * closes the wrong element: refused with the line), forgiving where real feeds break and readers cope
 * (a bare `&`, an unknown entity, a `<` that starts no tag: text as written; HTML's named entities
 * known, a misspelt end tag closes the open element). A DOCTYPE's internal entities are expanded one
 * level only; a document that declares an external general entity is refused, and external parameter
 * entities (a DTD's entity sets) are ignored: nothing is ever fetched or expanded recursively.
 */
import { GfaError } from '../errors.ts';
import { decodeRefs } from './entities.ts';
import { elementKey, scopeOf, type Scope } from './namespaces.ts';

/** One element. */
export interface XmlElement {
  /** The name as written (`dc:creator`). */
  name: string;
  /** The name to look it up by (see `elementKey`): `dc:creator`, `atom:link`, `title`. */
  key: string;
  attrs: Record<string, string>;
  kids: XmlNode[];
  /** The nearest `xml:base` in effect, resolved against the document's URL; undefined when none is. */
  base?: string;
}

/** An element or a run of (decoded) text. */
export type XmlNode = XmlElement | string;

const NAME = /[^\s/>!?<"'=]+/y;
const ATTR = /\s*([^\s=/>"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+)))?/y;
const ENTITY_DECL = /<!ENTITY\s+(%\s+)?([^\s>]+)\s+(?:(SYSTEM|PUBLIC)\b|"([^"]*)"|'([^']*)')/g;
const ENTITY_MAX = 1000;
/** Deeper nesting is refused: no feed needs it, and the tree is walked recursively. */
export const DEPTH_MAX = 500;

/** Parses `text` into its root element. `baseUrl` is the document's own URL. Throws `GfaError('E_INPUT')`. */
export function parseXml(text: string, baseUrl: string): XmlElement {
  const n = text.length;
  const stack: XmlElement[] = [];
  const scopes: Scope[] = [new Map()];
  // How many elements of each name are open: "does this end tag name an outer element?" in O(1).
  const openNames = new Map<string, number>();
  let root: XmlElement | undefined;
  let entities: Map<string, string> | undefined;
  let i = 0;
  const fail = (at: number, msg: string): never => {
    const line = text.slice(0, at).split('\n').length;
    throw new GfaError('E_INPUT', `not a valid XML feed (line ${line}: ${msg}); check the URL points at an RSS, Atom or JSON feed`);
  };
  const addText = (s: string): void => {
    const top = stack[stack.length - 1];
    if (top === undefined || s === '') return;
    const last = top.kids.length - 1;
    if (typeof top.kids[last] === 'string') top.kids[last] += s;
    else top.kids.push(s);
  };
  while (i < n && root === undefined) {
    const lt = text.indexOf('<', i);
    if (lt < 0) {
      addText(decodeRefs(text.slice(i), entities));
      i = n;
      break;
    }
    if (lt > i) addText(decodeRefs(text.slice(i, lt), entities));
    if (text.startsWith('<!--', lt)) {
      const end = text.indexOf('-->', lt + 4);
      if (end < 0) fail(lt, 'a comment is never closed');
      i = end + 3;
    } else if (text.startsWith('<![CDATA[', lt)) {
      const end = text.indexOf(']]>', lt + 9);
      if (end < 0) fail(lt, 'a CDATA section is never closed');
      addText(text.slice(lt + 9, end));
      i = end + 3;
    } else if (text.startsWith('<?', lt)) {
      const end = text.indexOf('?>', lt + 2);
      if (end < 0) fail(lt, 'a processing instruction is never closed');
      i = end + 2;
    } else if (text.startsWith('<!', lt)) {
      const end = doctypeEnd(text, lt);
      if (end < 0) fail(lt, 'a declaration is never closed');
      entities = internalEntities(text.slice(lt, end));
      i = end;
    } else if (text[lt + 1] === '/') {
      const gt = text.indexOf('>', lt);
      if (gt < 0) fail(lt, 'an end tag is never closed');
      const name = text.slice(lt + 2, gt).trim();
      const top = stack.pop();
      scopes.pop();
      if (top !== undefined) openNames.set(top.name, openNames.get(top.name)! - 1);
      // A misspelt end tag (`<language>…</langauge>`) closes the open element; one that names an element
      // further out means something in between was never closed: a broken document.
      if (top === undefined) fail(lt, `</${name}> closes nothing`);
      else if (top.name !== name && (openNames.get(name) ?? 0) > 0) fail(lt, `</${name}> closes <${top.name}>`);
      else if (stack.length === 0) root = top;
      i = gt + 1;
    } else {
      NAME.lastIndex = lt + 1;
      const m = NAME.exec(text);
      if (m === null) {
        addText('<');
        i = lt + 1;
        continue;
      }
      const attrs: Record<string, string> = {};
      let at = NAME.lastIndex;
      for (;;) {
        ATTR.lastIndex = at;
        const a = ATTR.exec(text);
        if (a === null) break;
        attrs[a[1]!] = decodeRefs(a[2] ?? a[3] ?? a[4] ?? '', entities);
        at = ATTR.lastIndex;
      }
      const gt = text.indexOf('>', at);
      if (gt < 0) fail(lt, `<${m[0]}> is never closed`);
      const parent = stack[stack.length - 1];
      const scope = scopeOf(attrs, scopes[scopes.length - 1]!);
      const base = attrs['xml:base'] ? resolve(attrs['xml:base'], parent?.base ?? baseUrl) : parent?.base;
      const el: XmlElement = { name: m[0], key: elementKey(m[0], scope), attrs, kids: [], ...(base ? { base } : {}) };
      parent?.kids.push(el);
      if (text[gt - 1] === '/') {
        if (parent === undefined) root = el;
      } else {
        if (stack.length >= DEPTH_MAX) fail(lt, `elements nested deeper than ${DEPTH_MAX}`);
        stack.push(el);
        scopes.push(scope);
        openNames.set(el.name, (openNames.get(el.name) ?? 0) + 1);
      }
      i = gt + 1;
    }
  }
  if (root !== undefined) return root;
  const open = stack[stack.length - 1];
  return fail(n, open ? `<${open.name}> is never closed` : 'no element found');
}

function resolve(href: string, base: string): string {
  try {
    return new URL(href.trim(), base).href;
  } catch {
    return base;
  }
}

/** The index after a `<!DOCTYPE …>` (with its internal subset) or other `<!…>` declaration, or -1. */
function doctypeEnd(text: string, lt: number): number {
  const bracket = text.indexOf('[', lt);
  const gt = text.indexOf('>', lt);
  if (gt < 0) return -1;
  if (bracket < 0 || bracket > gt) return gt + 1;
  const close = text.indexOf(']', bracket);
  const end = close < 0 ? -1 : text.indexOf('>', close);
  return end < 0 ? -1 : end + 1;
}

/** A DOCTYPE's internal general entities whose values hold no references; refuses external ones. */
function internalEntities(decl: string): Map<string, string> | undefined {
  if (!/^<!DOCTYPE/i.test(decl)) return undefined;
  const out = new Map<string, string>();
  for (const m of decl.matchAll(ENTITY_DECL)) {
    if (m[3] && !m[1]) throw new GfaError('E_INPUT', "the feed's XML was refused (it declares an external entity; those are never fetched)");
    const value = m[4] ?? m[5] ?? '';
    // Values that refer to other entities are left alone: no expansion chains, no billion laughs.
    if (!m[1] && !value.includes('&') && !value.includes('<') && value.length <= ENTITY_MAX) out.set(m[2]!, value);
  }
  return out.size > 0 ? out : undefined;
}
