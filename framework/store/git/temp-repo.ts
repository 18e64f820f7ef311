/** Temporary repositories for caches that need one (git's own processes): removed on close, or at exit. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const present = new Set<string>();
let exitHook = false;

/** Makes an empty temporary directory for a repository. */
export function tempRepo(): string {
  if (!exitHook) {
    exitHook = true;
    process.once('exit', () => {
      for (const dir of present) rmSync(dir, { recursive: true, force: true });
    });
  }
  const dir = mkdtempSync(join(tmpdir(), 'gfa-cache-'));
  present.add(dir);
  return dir;
}

/** Removes a directory made by {@link tempRepo}. */
export function removeTempRepo(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  present.delete(dir);
}
