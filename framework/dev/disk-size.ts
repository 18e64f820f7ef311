/** The bytes a folder takes on disk (file sizes summed), for the doubles' repository sizes. */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** Sum of the sizes of every file under `dir` (0 when it does not exist). */
export async function diskBytes(dir: string): Promise<number> {
  let total = 0;
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) total += await diskBytes(p);
    else if (e.isFile()) total += (await stat(p)).size;
  }
  return total;
}
