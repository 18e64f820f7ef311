/**
 * Creates an empty bare repository by writing git's layout directly: the same files `git init
 * --bare` writes that git needs, without starting a process (a job opens a fresh cache on every
 * run, so this is on every job's start-up path). Safe when several processes do it at once: every
 * file appears whole (written aside, then hard-linked into place), and `HEAD`, which marks the
 * directory as a repository, comes last.
 */
import { nodeCrypto } from '../../builtins.ts';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';

const CONFIG = '[core]\n\trepositoryformatversion = 0\n\tfilemode = true\n\tbare = true\n';

/** Makes `dir` an empty bare repository unless it already is one. */
export async function initBareRepo(dir: string): Promise<void> {
  await Promise.all(['objects/info', 'objects/pack', 'refs/heads', 'refs/tags'].map((d) => fs.mkdir(join(dir, d), { recursive: true })));
  await placeFile(join(dir, 'config'), CONFIG);
  await placeFile(join(dir, 'HEAD'), 'ref: refs/heads/main\n');
}

async function placeFile(path: string, content: string): Promise<void> {
  const aside = `${path}.${nodeCrypto().randomBytes(6).toString('hex')}.tmp`;
  await fs.writeFile(aside, content);
  try {
    await fs.link(aside, path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    await fs.unlink(aside).catch(() => {});
  }
}
