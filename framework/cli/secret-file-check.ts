/**
 * @module A file holding a secret should not sit where `git add -A` picks it up: warns when a file that
 * `gfa deploy` reads a token or passphrase from is inside a git work tree and neither ignored nor
 * (worse) already tracked. Silent outside a work tree, or when git is missing.
 */
import { execFile } from 'node:child_process';
import { basename, dirname, resolve } from 'node:path';

function git(cwd: string, args: string[]): Promise<number> {
  return new Promise((done) => {
    execFile('git', args, { cwd, timeout: 5_000 }, (err) => done(err ? (typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : -1) : 0));
  });
}

/** The warning for `path` (holding `what`), or undefined when it is ignored or not in a work tree. */
export async function unignoredSecretWarning(path: string, what: string): Promise<string | undefined> {
  const full = resolve(path);
  const dir = dirname(full);
  if ((await git(dir, ['rev-parse', '--is-inside-work-tree'])) !== 0) return undefined;
  const name = basename(full);
  if ((await git(dir, ['ls-files', '--error-unmatch', '--', name])) === 0) {
    return `warning: ${path} holds ${what} and git tracks it: remove it from the repository (git rm --cached ${path}), add it to .gitignore, and replace the secret, since it is in the history`;
  }
  // check-ignore: 0 ignored, 1 not ignored, 128 error.
  if ((await git(dir, ['check-ignore', '-q', '--', name])) === 1) {
    return `warning: ${path} holds ${what} inside a git work tree and is not ignored, so git add -A would commit it; add it to .gitignore`;
  }
  return undefined;
}
