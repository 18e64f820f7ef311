/**
 * `gfa init`: copies a template into a folder and names the app after the folder. No network step:
 * everything comes from the templates shipped with gfa. Generated files (`dist/`, the pipelines) are not
 * copied: they carry the app's name, so `gfa build` makes them for the new name. The new app depends on
 * the gfa that made it, packed into `vendor/` (see vendor.ts), until gfa is on the npm registry.
 */
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { NAME_PATTERN } from '../app/rules.ts';
import { GfaError } from '../errors.ts';
import { copyTemplate, templateDir, templatePackage } from './templates.ts';

/** Options of {@link scaffold}. */
export interface ScaffoldOptions {
  /** Template name. @default "basic" */
  template?: string;
  /** Write into a folder that is not empty (files of the same name are replaced). @default false */
  force?: boolean;
  /**
   * Where the app gets gfa: a path relative to the app (`vendor/gfa-0.1.0.tgz`, made by vendorGfa) that
   * package.json then asks for as `file:…`. @default the template's own dependency, unchanged
   */
  gfaTarball?: string;
}

/** What {@link scaffold} wrote. */
export interface ScaffoldReport {
  dir: string;
  name: string;
  template: string;
  files: string[];
}

/**
 * Template files kept under another name, because npm never packs them under their own: a template's
 * `gitignore` becomes the app's `.gitignore` (npm leaves `.gitignore` out of a package).
 */
const RENAMED: Record<string, string> = { gitignore: '.gitignore' };
/** Template files that describe the template, not the app. */
const META = ['template.json'];

/** An app name from a folder name: lower case, `[a-z0-9-]`. */
export function appNameFrom(dir: string): string {
  const name = basename(resolve(dir)).toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 64).replace(/-+$/, '');
  if (!NAME_PATTERN.test(name)) throw new GfaError('E_USAGE', `cannot make an app name from the folder "${basename(resolve(dir))}"; use a folder name with letters and digits, like my-app`);
  return name;
}

/** Copies template `options.template` into `dir` and names the app. */
export async function scaffold(dir: string, options: ScaffoldOptions = {}): Promise<ScaffoldReport> {
  const template = options.template ?? 'basic';
  templateDir(template); // E_USAGE naming the choices, before anything is written
  const target = resolve(dir);
  const name = appNameFrom(target);
  if (existsSync(target) && readdirSync(target).length > 0 && !options.force) {
    throw new GfaError('E_USAGE', `${dir} is not empty; pick a new folder, or pass --force to write into it`);
  }
  await mkdir(target, { recursive: true });
  const files = new Set(await copyTemplate(template, target));
  for (const meta of META) if (files.delete(meta)) await rm(join(target, meta));
  for (const [from, to] of Object.entries(RENAMED)) {
    if (!files.delete(from)) continue;
    await rename(join(target, from), join(target, to));
    files.add(to);
  }
  await setName(join(target, 'gfa.config.ts'), /(\bname:\s*)(['"])[a-z0-9-]+\2/, `$1'${name}'`);
  await writePackage(join(target, 'package.json'), name, templatePackage(template), options.gfaTarball);
  if (options.gfaTarball !== undefined && files.has('README.md')) await spellVersion(join(target, 'README.md'), options.gfaTarball);
  return { dir: target, name, template, files: [...files].sort() };
}

/** Replaces the first match of `pattern` in `file`; E_INTERNAL when the template does not have it. */
async function setName(file: string, pattern: RegExp, replacement: string): Promise<void> {
  const text = await readFile(file, 'utf8');
  if (!pattern.test(text)) throw new GfaError('E_INTERNAL', `the template's ${basename(file)} has no app name to set; report this as a gfa bug`);
  await writeFile(file, text.replace(pattern, replacement));
}

/** The app's package.json: its name, what the template adds (scripts), and where gfa comes from. */
async function writePackage(file: string, name: string, extra: Record<string, unknown>, gfaTarball: string | undefined): Promise<void> {
  const pkg = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
  pkg.name = name;
  for (const [key, value] of Object.entries(extra)) {
    const had = pkg[key];
    pkg[key] = isObject(had) && isObject(value) ? { ...had, ...value } : value;
  }
  if (gfaTarball !== undefined) {
    const deps = isObject(pkg.dependencies) ? pkg.dependencies : {};
    pkg.dependencies = { ...deps, gfa: `file:${gfaTarball}` };
  }
  await writeFile(file, `${JSON.stringify(pkg, null, 2)}\n`);
}

/** The README's `gfa-VERSION.tgz` and `gfa@VERSION`, spelled with the version of the vendored gfa. */
async function spellVersion(file: string, tarball: string): Promise<void> {
  const version = /gfa-([^/]+)\.tgz$/.exec(tarball)?.[1];
  if (version === undefined) return;
  const text = await readFile(file, 'utf8');
  await writeFile(file, text.replaceAll('gfa-VERSION.tgz', `gfa-${version}.tgz`).replaceAll('gfa@VERSION', `gfa@${version}`));
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
