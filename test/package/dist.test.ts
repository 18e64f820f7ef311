/** The compiled framework (framework/dist/, built by the package's `prepare`) must run on plain Node. */
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const DIST = resolve(import.meta.dirname, '../../framework/dist');

async function jsFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await jsFiles(path)));
    else if (entry.name.endsWith('.js')) out.push(path);
  }
  return out;
}

describe('framework/dist', () => {
  // tsc's rewriteRelativeImportExtensions misses some imports (tsc 5.9: dynamic imports inside an
  // `export default <expression>`); Node cannot load a `.ts` file, so none may remain.
  it('imports no .ts file', async () => {
    const files = await jsFiles(DIST);
    expect(files.length).toBeGreaterThan(50);
    const left: string[] = [];
    for (const file of files) {
      const text = await readFile(file, 'utf8');
      for (const m of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*)(['"])(\.{1,2}\/[^'"]*?\.ts)\1/g)) left.push(`${file.slice(DIST.length + 1)}: ${m[2]}`);
    }
    expect(left).toEqual([]);
  });
});
