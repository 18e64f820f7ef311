/**
 * Where the app templates are: `templates/<name>/` beside the framework (this repository) or inside the
 * installed package (copied there when the package is packed). Found by walking up from this module, so
 * source, compiled and installed layouts all work. A template folder without `gfa.config.ts` whose
 * `template.json` has `from` points at an app elsewhere in this repository (`templates/rss-reader` →
 * `apps/rss-reader`): one copy, never two that drift. Its other files (a tsconfig.json, tests, a README
 * for a new app) are laid over the app's, and `template.json`'s `package` is merged into its package.json.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { cp } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
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

/** Files and folders of a template that are never copied: made by `npm install` or `gfa build`, or local state. */
export const TEMPLATE_SKIP = /^(node_modules|dist|\.gfa|\.github|\.gitlab-ci\.yml)(\/|$)/;

/**
 * Copies template `name` into `target`: its app folder, then (for a `from` template) the template folder's
 * own files over it. Returns the files written, relative and sorted. Leaves out {@link TEMPLATE_SKIP}.
 */
export async function copyTemplate(name: string, target: string, root: string | undefined = templatesRoot()): Promise<string[]> {
  const app = templateDir(name, root);
  const own = join(root!, name);
  const files = new Set<string>();
  const copy = (from: string): Promise<void> => cp(from, target, {
    recursive: true,
    force: true,
    filter: (src) => {
      const rel = relative(from, src).split(sep).join('/');
      if (rel !== '' && TEMPLATE_SKIP.test(rel)) return false;
      if (rel !== '' && statSync(src).isFile()) files.add(rel);
      return true;
    },
  });
  await copy(app);
  if (resolve(own) !== resolve(app)) await copy(own);
  return [...files].sort();
}

/** What a template adds to the app's package.json (`template.json` `package`), or an empty object. */
export function templatePackage(name: string, root: string | undefined = templatesRoot()): Record<string, unknown> {
  const meta = join(root!, name, 'template.json');
  if (!existsSync(meta)) return {};
  const pkg = (JSON.parse(readFileSync(meta, 'utf8')) as { package?: unknown }).package;
  return typeof pkg === 'object' && pkg !== null ? (pkg as Record<string, unknown>) : {};
}
