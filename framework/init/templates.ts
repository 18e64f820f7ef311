/**
 * Where the app templates are: `templates/<name>/` beside the framework (this repository) or inside the
 * installed package (copied there when the package is packed). Found by walking up from this module, so
 * source, compiled and installed layouts all work.
 */
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
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
    .filter((e) => e.isDirectory() && existsSync(join(root, e.name, 'gfa.config.ts')))
    .map((e) => e.name)
    .sort();
}

/** The folder of template `name`; E_USAGE naming the choices when there is none. */
export function templateDir(name: string, root: string | undefined = templatesRoot()): string {
  const names = templateNames(root);
  if (!root || !names.includes(name)) {
    throw new GfaError('E_USAGE', `unknown template "${name}"; choose one of: ${names.join(', ') || '(none shipped with this copy of gfa)'}`);
  }
  return join(root, name);
}
