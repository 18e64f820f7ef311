/**
 * Holds GitHub requests and answers to GitHub's own OpenAPI description (@octokit/openapi,
 * api.github.com): the operation must exist for the method and path, query parameters and the JSON
 * body must match its parameters and request schema, and the status must be one it documents, with a
 * JSON body matching that response's schema. Used on every exchange the emulator sees.
 */
import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { Exchange } from '../../../framework/dev/github/server.ts';

type Obj = Record<string, any>;
const require = createRequire(import.meta.url);
const spec = openNullables(require('@octokit/openapi/generated/api.github.com.json') as Obj);

/**
 * OpenAPI 3.0's `nullable: true` beside `allOf`/`anyOf` and no `type` (e.g. `commit.author`) is
 * something ajv refuses to compile ("nullable" cannot be used without "type"); it means "this, or
 * null", which is what it becomes here.
 */
function openNullables(o: Obj): Obj {
  if (Array.isArray(o)) return o.map(openNullables);
  if (o === null || typeof o !== 'object') return o;
  const out: Obj = Object.fromEntries(Object.entries(o).map(([k, v]) => [k, openNullables(v as Obj)]));
  if (out.nullable === true && out.type === undefined) {
    const { nullable: _drop, description, ...rest } = out;
    return { ...(description !== undefined ? { description } : {}), anyOf: [rest, { type: 'null' }] };
  }
  return out;
}

const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
// ajv-formats is CommonJS with a `default` property; take whichever shape the loader gives.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (a: Ajv) => void;
addFormats(ajv);
ajv.addSchema(spec, 'gh');

const pointer = (...parts: string[]): string => `gh#/${parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;
const compiled = new Map<string, ValidateFunction>();
function validator(ref: string): ValidateFunction {
  const known = compiled.get(ref);
  if (known) return known;
  const v = ajv.compile({ $ref: ref });
  compiled.set(ref, v);
  return v;
}

const templates = Object.keys(spec.paths as Obj)
  .map((t) => ({ t, re: new RegExp(`^${t.replace(/[.]/g, '\\.').replace(/\{(path|ref)\}/g, '(.+)').replace(/\{[^}]+\}/g, '([^/]+)')}$`), params: (t.match(/\{/g) ?? []).length }))
  .sort((a, b) => a.params - b.params);

function resolve(o: Obj): Obj {
  if (o && typeof o.$ref === 'string') {
    const parts = (o.$ref as string).slice(2).split('/');
    return parts.reduce((acc: Obj, p) => acc[p.replace(/~1/g, '/').replace(/~0/g, '~')], spec);
  }
  return o;
}

/** The problems of one exchange (empty when it matches the description). */
export function checkExchange(x: Exchange): string[] {
  const method = x.method.toLowerCase();
  const hit = templates.find(({ t, re }) => re.test(x.path) && spec.paths[t][method]);
  if (!hit) return [`${x.method} ${x.path}: no such operation in GitHub's OpenAPI description`];
  const op = spec.paths[hit.t][method] as Obj;
  const where = `${x.method} ${hit.t}`;
  const problems: string[] = [];
  const params = ((op.parameters ?? []) as Obj[]).map(resolve);
  for (const [name, value] of x.query) {
    const p = params.find((q) => q.in === 'query' && q.name === name);
    if (!p) {
      problems.push(`${where}: unknown query parameter ${name}`);
      continue;
    }
    // `created` is described as "a date-time range" in GitHub's search syntax (`>=2024-01-01`,
    // `A..B`), yet its schema says `format: date-time`; the text is what GitHub serves.
    if (p.name === 'created' && hit.t.endsWith('/runs')) continue;
    const coerced = p.schema?.type === 'integer' || p.schema?.type === 'number' ? Number(value) : p.schema?.type === 'boolean' ? value === 'true' : value;
    if (!ajv.validate(p.schema ?? {}, coerced)) problems.push(`${where}: query ${name}=${value}: ${ajv.errorsText()}`);
  }
  if (x.requestBody !== undefined && x.requestBody !== '') {
    if (!op.requestBody?.content?.['application/json']) problems.push(`${where}: sends a body the operation does not take`);
    else {
      const v = validator(pointer('paths', hit.t, method, 'requestBody', 'content', 'application/json', 'schema'));
      if (!v(JSON.parse(x.requestBody))) problems.push(`${where}: request body: ${ajv.errorsText(v.errors)}`);
    }
  } else if (op.requestBody?.required) problems.push(`${where}: the operation needs a body`);
  const status = String(x.status);
  const response = op.responses?.[status] as Obj | undefined;
  // 401, 403 (missing permission), 404 (not found or hidden), 422 (validation failed) and 429 are
  // described once for all operations (https://docs.github.com/en/rest/using-the-rest-api/troubleshooting-the-rest-api),
  // not per operation; their body must still be a GitHub error (`message`, `documentation_url`).
  // A 304 answers a conditional GET (If-None-Match, If-Modified-Since), on any operation that sends an ETag or Last-Modified.
  const conditional = status === '304' && method === 'get' && (x.requestHeaders.has('if-none-match') || x.requestHeaders.has('if-modified-since'));
  if (!response) {
    if (!['401', '403', '404', '422', '429'].includes(status) && !conditional) problems.push(`${where}: status ${status} is not documented (documented: ${Object.keys(op.responses ?? {}).join(', ')})`);
  } else {
    const r = resolve(response);
    const type = (x.responseHeaders.get('content-type') ?? '').split(';')[0]!.trim();
    const media = r.content?.['application/json'] ? 'application/json' : r.content ? Object.keys(r.content)[0] : undefined;
    if (type === 'application/json' && x.responseBody !== '' && media) {
      const base = response.$ref ? [...(response.$ref as string).slice(2).split('/'), 'content', media, 'schema'] : ['paths', hit.t, method, 'responses', status, 'content', media, 'schema'];
      const v = validator(pointer(...base.map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))));
      if (!v(JSON.parse(x.responseBody))) problems.push(`${where} → ${status}: response body: ${ajv.errorsText(v.errors).slice(0, 600)}`);
    }
  }
  if (x.status >= 400) {
    const body = JSON.parse(x.responseBody || '{}') as { message?: unknown; documentation_url?: unknown };
    if (typeof body.message !== 'string' || typeof body.documentation_url !== 'string') problems.push(`${where} → ${status}: not a GitHub error body`);
  }
  return problems;
}

/** Collects exchanges and their problems; `assertClean()` throws listing them. */
export function openApiRecorder(): { onExchange(x: Exchange): void; exchanges: Exchange[]; problems: string[] } {
  const exchanges: Exchange[] = [];
  const problems: string[] = [];
  return {
    exchanges,
    problems,
    onExchange(x) {
      exchanges.push(x);
      problems.push(...checkExchange(x));
    },
  };
}
