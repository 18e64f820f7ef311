#!/usr/bin/env node
/**
 * `prepack`: copies the app templates into the package (framework/templates/), so `npx gfa init` needs
 * nothing else. A template folder holding a `template.json` with `from` (templates/rss-reader →
 * apps/rss-reader) is copied from there, and the template folder's own files are laid over that copy
 * (its `template.json` too: `gfa init` reads the `package` scripts it adds, see framework/init/): the package carries the app itself, never a second copy kept by hand. Left
 * out: what npm install and gfa build make, and local state. `--clean` (postpack) removes the copy
 * again, so in this repository `gfa init` always reads the templates themselves; a failed copy removes
 * what it wrote, and so does a failed `prepare` (scripts/build.mjs), since npm then skips `postpack`.
 * The compiled framework never includes the copy (tsconfig.build.json excludes templates/).
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const framework = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const source = resolve(framework, '..', 'templates');
const target = join(framework, 'templates');
/** Made by npm install or gfa build, or local state: never packed. */
const SKIP = /^(node_modules|dist|\.gfa|\.github|\.gitlab-ci\.yml)(\/|$)/;
/** Marks framework/templates/ as this script's copy, so cleaning never removes a folder someone made by hand. */
const MARK = '.packed-by-prepack';

/** Removes the copy made by {@link copyTemplates}, if there is one. */
export function removeCopy() {
  if (existsSync(join(target, MARK))) rmSync(target, { recursive: true, force: true });
}

/** Copies every template into framework/templates/ (see the module doc). */
export function copyTemplates() {
  if (existsSync(target) && !existsSync(join(target, MARK))) {
    throw new Error(`${target} exists and was not made by prepack; move it away and pack again`);
  }
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target);
  writeFileSync(join(target, MARK), 'copied by framework/scripts/pack-templates.mjs; removed by postpack\n');
  for (const entry of readdirSync(source, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const own = join(source, entry.name);
    const meta = join(own, 'template.json');
    const from = !existsSync(join(own, 'gfa.config.ts')) && existsSync(meta) ? resolve(own, JSON.parse(readFileSync(meta, 'utf8')).from) : own;
    if (!existsSync(join(from, 'gfa.config.ts'))) continue;
    const to = join(target, entry.name);
    const keep = (root) => (src) => !SKIP.test(relative(root, src).split(sep).join('/'));
    cpSync(from, to, { recursive: true, filter: keep(from) });
    if (from !== own) cpSync(own, to, { recursive: true, filter: keep(own) });
    process.stderr.write(`pack-templates: ${entry.name} (from ${relative(resolve(framework, '..'), from)})\n`);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    if (process.argv.includes('--clean')) removeCopy();
    else copyTemplates();
  } catch (err) {
    removeCopy();
    process.stderr.write(`pack-templates: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
}
