/**
 * The GitHub double's route table, held to GitHub's OpenAPI description as data (DESIGN.md §7): each
 * row, its pattern filled with sample values, must name an operation the description has for that
 * method. A route the description lacks would be a double inventing GitHub.
 */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { REPO_TABLES } from '../../../framework/dev/github/rest.ts';
import { metaRoutes } from '../../../framework/dev/github/rest-meta.ts';

type Obj = Record<string, any>;
const spec = createRequire(import.meta.url)('@octokit/openapi/generated/api.github.com.json') as Obj;
const templates = Object.keys(spec.paths as Obj).map((t) => ({ t, re: new RegExp(`^${t.replace(/[.]/g, '\\.').replace(/\{(path|ref|branch)\}/g, '(.+)').replace(/\{[^}]+\}/g, '([^/]+)')}$`) }));

/** A path the pattern matches: each group filled with a sample. */
function sample(re: RegExp): string {
  const path = re.source
    .replace(/^\^|\$$/g, '')
    .replace(/\(\?:\\\/\(\.\*\)\)\?/g, '/a.txt')
    .replace(/\(\[0-9a-f\]\{40\}\)/g, 'a'.repeat(40))
    .replace(/\(\\d\+\)/g, '12')
    .replace(/\([^)]*\)/g, 'x')
    .replace(/\\\//g, '/');
  expect(re.test(path), `${re} → ${path}`).toBe(true);
  return path;
}

describe("the GitHub double's routes", () => {
  it('are all operations of GitHub\'s OpenAPI description', () => {
    const rows = [
      ...REPO_TABLES.map(([method, re]) => [method, `/repos/o/r${sample(re)}`] as const),
      ...metaRoutes({ caller: () => ({ who: 'x', kind: 'anonymous', label: 'x' }) }).map(([method, re]) => [method, sample(re)] as const),
    ];
    const missing = rows.filter(([method, path]) => !templates.some(({ t, re }) => re.test(path) && spec.paths[t][method.toLowerCase()]));
    expect(missing).toEqual([]);
    expect(rows.length).toBeGreaterThan(30);
  });
});
