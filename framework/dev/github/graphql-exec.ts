/**
 * A small GraphQL executor for the GitHub double's few queries (a test double, not GitHub's GraphQL
 * API): operations with variables, fields with aliases and arguments, named fragments and inline
 * fragments, per the GraphQL specification (https://spec.graphql.org/October2021/, sections 2 and 6).
 * Objects are `{ __typename, ... }`; a type's fields are resolvers. A field the type does not have is
 * an error, as GitHub's validation answers it ("Field 'x' doesn't exist on type 'Repository'",
 * `extensions.code: "undefinedField"`), so a query the double does not model fails loudly instead of
 * reading nulls. Directives, subscriptions and mutations are not supported.
 */

type Value = unknown;
interface Field { kind: 'field'; alias?: string; name: string; args: Record<string, Arg>; sel?: Selection[] }
interface Spread { kind: 'spread'; name: string }
interface Inline { kind: 'inline'; on?: string; sel: Selection[] }
type Selection = Field | Spread | Inline;
type Arg = { var: string } | { lit: Value };

/** A type's fields: each gets the object and the field's arguments. */
export type Resolvers = Record<string, Record<string, (obj: Record<string, any>, args: Record<string, Value>) => Value>>;

/** One GraphQL error, GitHub-shaped. */
export interface GqlError { message: string; type?: string; path?: (string | number)[]; extensions?: Record<string, unknown> }

class Lexer {
  private i = 0;
  constructor(private s: string) {}
  private skip(): void {
    while (this.i < this.s.length) {
      const c = this.s[this.i]!;
      if (c === '#') while (this.i < this.s.length && this.s[this.i] !== '\n') this.i++;
      else if (/[\s,\ufeff]/.test(c)) this.i++;
      else break;
    }
  }
  peek(): string {
    this.skip();
    const rest = this.s.slice(this.i);
    const m = /^(\.\.\.|[{}()[\]:!$=@|&]|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|"(?:[^"\\]|\\.)*"|[_A-Za-z][_0-9A-Za-z]*)/.exec(rest);
    if (!m) {
      if (rest === '') return '';
      throw new Error(`Parse error on "${rest[0]}"`);
    }
    return m[1]!;
  }
  next(): string {
    const t = this.peek();
    this.i += t.length;
    return t;
  }
  expect(t: string): void {
    const got = this.next();
    if (got !== t) throw new Error(`Parse error on "${got || 'end of query'}" (expected "${t}")`);
  }
}

function parseValue(lx: Lexer): Arg {
  const t = lx.next();
  if (t === '$') return { var: lx.next() };
  if (t.startsWith('"')) return { lit: JSON.parse(t) as string };
  if (/^-?\d/.test(t)) return { lit: Number(t) };
  if (t === 'true' || t === 'false') return { lit: t === 'true' };
  if (t === 'null') return { lit: null };
  if (t === '[') {
    const items: Value[] = [];
    while (lx.peek() !== ']') {
      const v = parseValue(lx);
      items.push('lit' in v ? v.lit : v);
    }
    lx.next();
    return { lit: items };
  }
  if (t === '{') {
    const o: Record<string, Value> = {};
    while (lx.peek() !== '}') {
      const k = lx.next();
      lx.expect(':');
      const v = parseValue(lx);
      o[k] = 'lit' in v ? v.lit : v;
    }
    lx.next();
    return { lit: o };
  }
  return { lit: t }; // an enum value
}

function parseSelections(lx: Lexer): Selection[] {
  lx.expect('{');
  const out: Selection[] = [];
  while (lx.peek() !== '}') {
    if (lx.peek() === '') throw new Error('Parse error on end of query (expected "}")');
    if (lx.peek() === '...') {
      lx.next();
      if (lx.peek() === 'on') {
        lx.next();
        const on = lx.next();
        out.push({ kind: 'inline', on, sel: parseSelections(lx) });
      } else if (lx.peek() === '{') out.push({ kind: 'inline', sel: parseSelections(lx) });
      else out.push({ kind: 'spread', name: lx.next() });
      continue;
    }
    let name = lx.next();
    let alias: string | undefined;
    if (lx.peek() === ':') {
      lx.next();
      alias = name;
      name = lx.next();
    }
    const args: Record<string, Arg> = {};
    if (lx.peek() === '(') {
      lx.next();
      while (lx.peek() !== ')') {
        const k = lx.next();
        lx.expect(':');
        args[k] = parseValue(lx);
      }
      lx.next();
    }
    out.push({ kind: 'field', name, args, ...(alias ? { alias } : {}), ...(lx.peek() === '{' ? { sel: parseSelections(lx) } : {}) });
  }
  lx.next();
  return out;
}

function parse(query: string): { op: Selection[]; fragments: Map<string, { on: string; sel: Selection[] }> } {
  const lx = new Lexer(query);
  const fragments = new Map<string, { on: string; sel: Selection[] }>();
  let op: Selection[] | undefined;
  while (lx.peek() !== '') {
    const t = lx.peek();
    if (t === '{') op ??= parseSelections(lx);
    else if (t === 'fragment') {
      lx.next();
      const name = lx.next();
      lx.expect('on');
      const on = lx.next();
      fragments.set(name, { on, sel: parseSelections(lx) });
    } else if (t === 'query') {
      lx.next();
      if (lx.peek() !== '(' && lx.peek() !== '{') lx.next();
      if (lx.peek() === '(') while (lx.next() !== ')');
      op ??= parseSelections(lx);
    } else throw new Error(`Parse error on "${t}" (only queries are supported)`);
  }
  if (!op) throw new Error('No operation in the document');
  return { op, fragments };
}

/** Runs `query` from `root` (a `Query` object); GitHub answers `{ data, errors? }`. */
export function execute(resolvers: Resolvers, root: Record<string, any>, query: string, variables: Record<string, Value> = {}): { data?: Record<string, Value> | null; errors?: GqlError[] } {
  let doc: ReturnType<typeof parse>;
  try {
    doc = parse(query);
  } catch (err) {
    return { errors: [{ message: (err as Error).message }] };
  }
  const errors: GqlError[] = [];
  const flatten = (sel: Selection[], type: string): Field[] =>
    sel.flatMap((s) => {
      if (s.kind === 'field') return [s];
      const frag = s.kind === 'spread' ? doc.fragments.get(s.name) : { on: s.on, sel: s.sel };
      if (!frag) {
        errors.push({ message: `Fragment ${(s as Spread).name} was used, but not defined` });
        return [];
      }
      return frag.on === undefined || frag.on === type ? flatten(frag.sel, type) : [];
    });
  const resolve = (obj: Record<string, any>, sel: Selection[], path: (string | number)[]): Record<string, Value> => {
    const type = String(obj.__typename);
    const out: Record<string, Value> = {};
    for (const f of flatten(sel, type)) {
      const key = f.alias ?? f.name;
      if (f.name === '__typename') {
        out[key] = type;
        continue;
      }
      const r = resolvers[type]?.[f.name];
      if (!r) {
        errors.push({ message: `Field '${f.name}' doesn't exist on type '${type}'`, path: [...path, key], extensions: { code: 'undefinedField', typeName: type, fieldName: f.name } });
        continue;
      }
      const args = Object.fromEntries(Object.entries(f.args).map(([k, a]) => [k, 'var' in a ? variables[a.var] : a.lit]));
      out[key] = shape(r(obj, args), f.sel, [...path, key]);
    }
    return out;
  };
  const shape = (v: Value, sel: Selection[] | undefined, path: (string | number)[]): Value => {
    if (v instanceof GqlFieldError) {
      errors.push({ type: v.type, path: path.slice(1), message: v.message });
      return null;
    }
    if (v === null || v === undefined) return null;
    if (Array.isArray(v)) return v.map((x, i) => shape(x, sel, [...path, i]));
    if (typeof v === 'object' && '__typename' in (v as object)) {
      if (!sel) {
        errors.push({ message: `Field must have selections (field '${String(path[path.length - 1])}' returns ${String((v as { __typename: unknown }).__typename)} but has no selections.)`, path });
        return null;
      }
      return resolve(v as Record<string, any>, sel, path);
    }
    return v;
  };
  const data = resolve(root, doc.op, ['query']);
  if (errors.some((e) => e.extensions?.code === 'undefinedField' || !e.path)) return { errors };
  return errors.length ? { data, errors } : { data };
}

/** What a resolver returns for a runtime error (a repository not found): the field is null and the error listed, as GitHub answers. */
export class GqlFieldError extends Error {
  constructor(message: string, readonly type: string) {
    super(message);
  }
}
