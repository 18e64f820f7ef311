/**
 * @module Local embedded state shared by `gfa run` and `gfa dev`: a bare repo as the data remote and,
 * for encrypted apps, a generated secret key, all under `APP_DIR/.gfa/local/` (ignored by git).
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, link, mkdir, readFile, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { GfaError } from '../errors.ts';
import type { Manifest } from '../app/manifest.ts';

const run = promisify(execFile);

/** Paths and key of the local state. */
export interface LocalState {
  /** `APP_DIR/.gfa/local`. */
  dir: string;
  /** Absolute path of the bare repo `remote.git` (usable as GFA_REMOTE). */
  remote: string;
  /** Base64 secret key, present when the app encrypts its store. Never print it. */
  secretKey?: string;
  /** A folder for git caches. */
  cacheDir: string;
}

async function git(args: string[]): Promise<void> {
  try {
    await run('git', args);
  } catch (err) {
    throw new GfaError('E_GIT', `git ${args[0] ?? ''} failed while preparing .gfa/local: ${String((err as { stderr?: string }).stderr ?? err).split('\n')[0]}`, { cause: err });
  }
}

async function wantsEncryption(appDir: string): Promise<boolean> {
  const manifest = join(appDir, 'dist', 'gfa.json');
  if (existsSync(manifest)) return (JSON.parse(await readFile(manifest, 'utf8')) as Manifest).store.encrypt;
  const { loadApp } = await import('../app/load.ts');
  return (await loadApp(appDir)).store?.encrypt === true;
}

async function newKey(): Promise<string> {
  const { generateSecretKey } = await import('../crypto/keys.ts'); // lazy: loads libsodium
  return generateSecretKey();
}

/** Writes `path` whole, once: the first of several racing processes wins, the others keep its file. */
async function placeOnce(path: string, content: string, mode = 0o644): Promise<void> {
  if (existsSync(path)) return;
  const aside = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(aside, content, { mode });
  try {
    await link(aside, path); // fails with EEXIST where rename would replace the winner's file
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    await unlink(aside).catch(() => {});
  }
}

/** Makes the bare remote aside and renames it into place, so racing processes never see half of one. */
async function placeRemote(remote: string): Promise<void> {
  if (existsSync(join(remote, 'HEAD'))) return;
  const aside = `${remote}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await git(['init', '--quiet', '--bare', aside]);
    await git(['-C', aside, 'symbolic-ref', 'HEAD', 'refs/heads/data']);
    for (const [k, v] of [['uploadpack.allowFilter', 'true'], ['uploadpack.allowAnySHA1InWant', 'true'], ['http.receivepack', 'true']] as const) {
      await git(['-C', aside, 'config', k, v]);
    }
    await rename(aside, remote);
  } catch (err) {
    // Another process placed it first (rename onto a non-empty directory fails): use theirs.
    if (!existsSync(join(remote, 'HEAD'))) {
      if (err instanceof GfaError) throw err;
      throw new GfaError('E_CONFIG', `cannot create ${remote}: ${(err as Error).message}; remove that folder and retry`, { cause: err });
    }
  } finally {
    await rm(aside, { recursive: true, force: true });
  }
}

/**
 * The local state of `appDir`, created on first use (safe when several processes start at once).
 * `encrypt` overrides what dist/gfa.json (or gfa.config.ts) says about store encryption.
 */
export async function localState(appDir: string, options: { encrypt?: boolean } = {}): Promise<LocalState> {
  const dir = join(resolve(appDir), '.gfa', 'local');
  const remote = join(dir, 'remote.git');
  const cacheDir = join(dir, 'cache');
  await mkdir(cacheDir, { recursive: true });
  await placeOnce(join(dir, '.gitignore'), '# local state of gfa run / gfa dev: never commit\n*\n');
  await placeRemote(remote);
  const state: LocalState = { dir, remote, cacheDir };
  if (options.encrypt ?? (await wantsEncryption(appDir))) {
    const keyFile = join(dir, 'secret.key');
    if (!existsSync(keyFile)) await placeOnce(keyFile, `${await newKey()}\n`, 0o600);
    await chmod(keyFile, 0o600);
    state.secretKey = (await readFile(keyFile, 'utf8')).trim();
  }
  return state;
}
