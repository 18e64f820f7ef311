/**
 * Where the app templates are: `templates/<name>/` beside the framework (this repository) or inside the
 * installed package (copied there when the package is packed). Found by walking up from this module, so
 * source, compiled and installed layouts all work. A template folder holding only `template.json` with
 * `from` points at an app elsewhere in this repository (`templates/rss-reader` → `apps/rss-reader`): one
 * copy, never two that drift.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GfaError } from '../errors.ts';

/** The templates folder, or undefined when this copy of gfa ships none. */
export function templatesRoot(from: string = dirname(fileURLToPath(import.meta.url))): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'templates');
    if (existsSync(join(candidate, 'basic', 'gfa.config.ts'))) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

/** The names of the shipped templates, sorted. */
export function templateNames(root: string | undefined = templatesRoot()): string[] {
  if (!root) return [];
  return readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(appFolder(join(root, e.name)), 'gfa.config.ts')))
    .map((e) => e.name)
    .sort();
}

/** The app folder a template folder stands for: itself, or where its `template.json` `from` points. */
export function appFolder(templateFolder: string): string {
  if (existsSync(join(templateFolder, 'gfa.config.ts'))) return templateFolder;
  const meta = join(templateFolder, 'template.json');
  if (!existsSync(meta)) return templateFolder;
  const from = (JSON.parse(readFileSync(meta, 'utf8')) as { from?: unknown }).from;
  return typeof from === 'string' ? resolve(templateFolder, from) : templateFolder;
}

/** The folder of template `name`; E_USAGE naming the choices when there is none. */
export function templateDir(name: string, root: string | undefined = templatesRoot()): string {
  const names = templateNames(root);
  if (!root || !names.includes(name)) {
    throw new GfaError('E_USAGE', `unknown template "${name}"; choose one of: ${names.join(', ') || '(none shipped with this copy of gfa)'}`);
  }
  return appFolder(join(root, name));
}
