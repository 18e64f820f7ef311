/**
 * `gfa init`: copies a template into a folder and names the app after the folder. No network step:
 * everything comes from the templates shipped with gfa. Generated files (`dist/`, the pipelines) are not
 * copied: they carry the app's name, so `gfa build` makes them for the new name.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, join, relative, resolve, sep } from 'node:path';
import { NAME_PATTERN } from '../app/rules.ts';
import { GfaError } from '../errors.ts';
import { templateDir } from './templates.ts';

/** Options of {@link scaffold}. */
export interface ScaffoldOptions {
  /** Template name. @default "basic" */
  template?: string;
  /** Write into a folder that is not empty (files of the same name are replaced). @default false */
  force?: boolean;
}

/** What {@link scaffold} wrote. */
export interface ScaffoldReport {
  dir: string;
  name: string;
  template: string;
  files: string[];
}

/** Files and folders of a template that are never copied: made by `npm install` or `gfa build`, or local state. */
const SKIP = /^(node_modules|dist|\.gfa|\.github|\.gitlab-ci\.yml)(\/|$)/;

/** An app name from a folder name: lower case, `[a-z0-9-]`. */
export function appNameFrom(dir: string): string {
  const name = basename(resolve(dir)).toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 64).replace(/-+$/, '');
  if (!NAME_PATTERN.test(name)) throw new GfaError('E_USAGE', `cannot make an app name from the folder "${basename(resolve(dir))}"; use a folder name with letters and digits, like my-app`);
  return name;
}

/** Copies template `options.template` into `dir` and names the app. */
export async function scaffold(dir: string, options: ScaffoldOptions = {}): Promise<ScaffoldReport> {
  const template = options.template ?? 'basic';
  const source = templateDir(template);
  const target = resolve(dir);
  const name = appNameFrom(target);
  if (existsSync(target) && readdirSync(target).length > 0 && !options.force) {
    throw new GfaError('E_USAGE', `${dir} is not empty; pick a new folder, or pass --force to write into it`);
  }
  await mkdir(target, { recursive: true });
  const files: string[] = [];
  await cp(source, target, {
    recursive: true,
    filter: (src) => {
      const rel = relative(source, src).split(sep).join('/');
      if (rel !== '' && SKIP.test(rel)) return false;
      if (rel !== '' && statSync(src).isFile()) files.push(rel);
      return true;
    },
  });
  await rename(join(target, 'gfa.config.ts'), /(\bname:\s*)(['"])[a-z0-9-]+\2/, `$1'${name}'`);
  await rename(join(target, 'package.json'), /("name":\s*)"[^"]*"/, `$1"${name}"`);
  return { dir: target, name, template, files: files.sort() };
}

/** Replaces the first match of `pattern` in `file`; E_INTERNAL when the template does not have it. */
async function rename(file: string, pattern: RegExp, replacement: string): Promise<void> {
  const text = await readFile(file, 'utf8');
  if (!pattern.test(text)) throw new GfaError('E_INTERNAL', `the template's ${basename(file)} has no app name to set; report this as a gfa bug`);
  await writeFile(file, text.replace(pattern, replacement));
}
