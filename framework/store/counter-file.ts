/** A {@link CounterState} in a file (the CLI's cache dir), so the rollback check spans runs. */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { CounterState } from '../crypto/head-auth.ts';

/** The counter kept at `path`; written aside and renamed, so racing processes never read half a file. */
export function fileCounterState(path: string): CounterState {
  const get = async (): Promise<number | undefined> => {
    try {
      const n = Number((await readFile(path, 'utf8')).trim());
      return Number.isSafeInteger(n) && n >= 0 ? n : undefined;
    } catch {
      return undefined;
    }
  };
  return {
    get,
    async put(counter) {
      if (((await get()) ?? -1) >= counter) return;
      await mkdir(dirname(path), { recursive: true });
      const aside = `${path}.${randomBytes(6).toString('hex')}.tmp`;
      await writeFile(aside, `${counter}\n`);
      await rename(aside, path);
    },
  };
}
