#!/usr/bin/env node
/**
 * `prepack`: copies the app templates into the package (framework/templates/), so `npx gfa init` needs
 * nothing else. A template folder holding a `template.json` with `from` (templates/rss-reader →
 * apps/rss-reader) is copied from there: the package carries the app itself, never a second copy kept
 * by hand. Left out: what npm install and gfa build make, and local state. `--clean` (postpack) removes
 * the copy again, so in this repository `gfa init` always reads the templates themselves.
 */
import { cpSync, existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const framework = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const source = resolve(framework, '..', 'templates');
const target = join(framework, 'templates');
const SKIP = /^(node_modules|dist|\.gfa|\.github|\.gitlab-ci\.yml)(\/|$)/;

rmSync(target, { recursive: true, force: true });
if (process.argv.includes('--clean')) process.exit(0);
for (const entry of readdirSync(source, { withFileTypes: true })) {
  if (!entry.isDirectory()) continue;
  let from = join(source, entry.name);
  const meta = join(from, 'template.json');
  if (!existsSync(join(from, 'gfa.config.ts')) && existsSync(meta)) from = resolve(from, JSON.parse(readFileSync(meta, 'utf8')).from);
  if (!existsSync(join(from, 'gfa.config.ts'))) continue;
  cpSync(from, join(target, entry.name), { recursive: true, filter: (src) => !SKIP.test(relative(from, src).split(sep).join('/')) });
  process.stderr.write(`pack-templates: ${entry.name} (from ${relative(resolve(framework, '..'), from)})\n`);
}
