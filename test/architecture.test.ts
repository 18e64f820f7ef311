/**
 * The import picture of DESIGN.md §2: arrows point downwards only, with no circles between folders;
 * nothing imports the CLI; browser-side code uses no Node built-ins; the pipeline generators use no forge
 * SDK; forge adapters never import each other.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', 'framework');

/** What each area may import (besides itself). Top-level files are areas of their own. */
const ALLOWED: Record<string, readonly string[]> = {
  errors: [],
  builtins: [],
  contract: ['errors'],
  crypto: ['errors', 'contract'],
  store: ['errors', 'contract', 'crypto', 'builtins'],
  policy: ['errors', 'contract'],
  users: ['errors', 'contract', 'crypto', 'policy'],
  app: ['errors', 'contract', 'store', 'policy'],
  runtime: ['errors', 'contract', 'app', 'policy', 'users'],
  pipeline: ['errors', 'contract', 'app'],
  build: ['errors', 'contract', 'app', 'pipeline'],
  forge: ['errors', 'contract', 'app', 'crypto', 'store', 'pipeline'],
  client: ['errors', 'contract', 'crypto', 'forge'],
  dev: ['errors', 'contract', 'app', 'crypto', 'store', 'build', 'pipeline', 'forge', 'client', 'runtime'],
  migrate: ['errors', 'contract', 'app', 'crypto', 'store', 'forge'],
  cli: ['errors', 'contract', 'app', 'crypto', 'store', 'build', 'pipeline', 'forge', 'dev', 'runtime', 'client', 'init', 'migrate'],
  index: ['errors', 'contract', 'app'],
  init: ['errors', 'app'],
};

/** Files that run in the browser: no `node:` imports. */
const BROWSER = [/^client\//, /^crypto\//, /^users\//, /^forge\/types\.ts$/, /^forge\/[^/]+\/client\.ts$/, /^contract\.ts$/, /^contract\//, /^errors\.ts$/];

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (e.name === 'node_modules' || e.name === 'dist') return [];
    const p = join(dir, e.name);
    return e.isDirectory() ? files(p) : /\.ts$/.test(e.name) && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

const IMPORT = /(?:^|[\s;])(?:import|export)\s*(?:type\s+)?(?:[^'"]*?\sfrom\s*)?\(?\s*['"]([^'"]+)['"]/g;
const area = (rel: string): string => (rel.includes('/') ? rel.slice(0, rel.indexOf('/')) : rel.replace(/\.ts$/, ''));

const graph = files(ROOT).map((file) => {
  const rel = relative(ROOT, file).split('\\').join('/');
  const specs = [...readFileSync(file, 'utf8').matchAll(IMPORT)].map((m) => m[1]!);
  const local = specs.filter((s) => s.startsWith('.')).map((s) => relative(ROOT, normalize(join(file, '..', s))).split('\\').join('/'));
  return { rel, specs, local };
});

describe('framework import picture (DESIGN.md §2)', () => {
  it('every folder imports only the folders below it', () => {
    const bad: string[] = [];
    for (const { rel, local } of graph) {
      const from = area(rel);
      for (const target of local) {
        const to = area(target);
        if (to !== from && !(ALLOWED[from] ?? []).includes(to)) bad.push(`${rel} -> ${target}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('the folder graph has no circles', () => {
    const edges = new Map<string, Set<string>>();
    for (const { rel, local } of graph) for (const t of local) if (area(t) !== area(rel)) (edges.get(area(rel)) ?? edges.set(area(rel), new Set()).get(area(rel))!).add(area(t));
    const state = new Map<string, 'open' | 'done'>();
    const cycles: string[] = [];
    const visit = (n: string, path: string[]): void => {
      if (state.get(n) === 'done') return;
      if (state.get(n) === 'open') return void cycles.push([...path.slice(path.indexOf(n)), n].join(' -> '));
      state.set(n, 'open');
      for (const m of edges.get(n) ?? []) visit(m, [...path, n]);
      state.set(n, 'done');
    };
    for (const n of edges.keys()) visit(n, []);
    expect(cycles).toEqual([]);
  });

  it('browser-side files import no Node built-ins', () => {
    const bad = graph.filter((g) => BROWSER.some((r) => r.test(g.rel))).flatMap((g) => g.specs.filter((s) => s.startsWith('node:')).map((s) => `${g.rel}: ${s}`));
    expect(bad).toEqual([]);
  });

  it('the pipeline generators use no forge SDK, and forge adapters never import each other', () => {
    const bad: string[] = [];
    for (const { rel, specs, local } of graph) {
      if (rel.startsWith('pipeline/') && specs.some((s) => /^@(octokit|gitbeaker)\//.test(s))) bad.push(rel);
      const m = /^forge\/([^/]+)\//.exec(rel);
      if (m) for (const t of local) { const o = /^forge\/([^/]+)\//.exec(t); if (o && o[1] !== m[1]) bad.push(`${rel} -> ${t}`); }
    }
    expect(bad).toEqual([]);
  });

  it('finds the imports it checks (the test can fail)', () => {
    expect(graph.length).toBeGreaterThan(50);
    expect(graph.find((g) => g.rel === 'cli/main.ts')?.local).toContain('errors.ts');
  });
});
