/**
 * `npm run bench`: runs every `bench/*.bench.ts` (or those named on the command line) and prints one
 * JSON object per measurement on stdout (machine-readable), with progress on stderr.
 *
 * A bench file exports `default async function (report: Report): Promise<void>`.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** One measurement. `name` is stable; `value` is a number in `unit`; extra fields describe it. */
export interface BenchRecord {
  bench: string;
  name: string;
  value: number;
  unit: string;
  [extra: string]: unknown;
}

/** Prints a record; a bench calls it once per figure. */
export type Report = (record: Omit<BenchRecord, 'bench'>) => void;

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.startsWith(o)))
  .sort();

let failed = 0;
for (const file of files) {
  const bench = file.replace(/\.bench\.ts$/, '');
  process.stderr.write(`bench: ${bench}...\n`);
  const mod = (await import(pathToFileURL(join(here, file)).href)) as { default: (report: Report) => Promise<void> };
  try {
    await mod.default((record) => process.stdout.write(`${JSON.stringify({ bench, ...record })}\n`));
  } catch (err) {
    failed++;
    process.stderr.write(`bench: ${bench} failed: ${(err as Error).message}\n`);
  }
}
process.exitCode = failed > 0 ? 1 : 0;
