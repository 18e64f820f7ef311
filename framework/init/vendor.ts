/**
 * The gfa a new app depends on, until gfa is on the npm registry: `gfa init` packs the gfa it runs from
 * into the app as `vendor/gfa-<version>.tgz`, and the app's package.json asks for
 * `file:vendor/gfa-<version>.tgz`. The tarball is committed with the app, so any clone of it installs with
 * `npm install` alone, wherever it is. It is what `npm pack` of the package gives (compiled code, `.d.ts`,
 * the bin, the templates), packed from a staging folder with `--ignore-scripts`: the running copy is
 * already built, installed or not, so its package.json goes in without the scripts that build it. Switching to a registry version is one command: `npm install gfa@<version>`.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { GfaError } from '../errors.ts';
import { copyTemplate, templateNames, templatesRoot } from './templates.ts';

const exec = promisify(execFile);

/** The folder of the running gfa package (the one with gfa's package.json), found by walking up from this module. */
export function gfaPackageDir(from: string = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: unknown }).name === 'gfa') return dir;
    if (dirname(dir) === dir) throw new GfaError('E_INTERNAL', 'cannot find the package.json of the running gfa; report this as a gfa bug');
  }
}

/** The running gfa's version, from its package.json. */
export function gfaVersion(packageDir: string = gfaPackageDir()): string {
  return (JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string }).version;
}

/** The file name of the vendored tarball, relative to the app: `vendor/gfa-<version>.tgz`. */
export function vendorPath(version: string): string {
  return `vendor/gfa-${version}.tgz`;
}

/** Packs the running gfa into `<appDir>/vendor/gfa-<version>.tgz`; returns that relative path. */
export async function vendorGfa(appDir: string): Promise<string> {
  const pkgDir = gfaPackageDir();
  if (!existsSync(join(pkgDir, 'dist', 'index.js'))) {
    throw new GfaError('E_BUILD', `the running gfa (${pkgDir}) is not built: run npm run build in the gfa repository, then gfa init again`);
  }
  const stage = await mkdtemp(join(tmpdir(), 'gfa-vendor-'));
  try {
    const pkg = join(stage, 'package');
    await mkdir(pkg);
    for (const file of ['README.md', 'cli/bin.mjs']) {
      if (existsSync(join(pkgDir, file))) await cp(join(pkgDir, file), join(pkg, file));
    }
    // Built already: without the scripts that build gfa from its sources (which the package does not
    // carry), npm has no install script of gfa's to ask the app's owner about.
    const manifest = JSON.parse(await readFile(join(pkgDir, 'package.json'), 'utf8')) as Record<string, unknown>;
    delete manifest.scripts;
    delete manifest.devDependencies;
    await writeFile(join(pkg, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    await cp(join(pkgDir, 'dist'), join(pkg, 'dist'), { recursive: true, filter: (src) => !src.endsWith('.tsbuildinfo') });
    const root = templatesRoot();
    for (const name of templateNames(root)) await copyTemplate(name, join(pkg, 'templates', name), root);
    const target = join(appDir, 'vendor');
    await mkdir(target, { recursive: true });
    const env = { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };
    const { stdout } = await exec('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', target, pkg], { env, maxBuffer: 16 << 20 }).catch((err: { stderr?: string; message: string }) => {
      throw new GfaError('E_BUILD', `npm pack of the running gfa failed: ${(err.stderr ?? err.message).trim().split('\n').pop()}`);
    });
    const [info] = JSON.parse(stdout) as { filename: string; version: string }[];
    const wanted = vendorPath(gfaVersion(pkgDir));
    if (!info || `vendor/${info.filename}` !== wanted) throw new GfaError('E_INTERNAL', `npm pack made ${info?.filename ?? 'nothing'}, not ${wanted}; report this as a gfa bug`);
    return wanted;
  } finally {
    await rm(stage, { recursive: true, force: true });
  }
}
