/**
 * What `gfa migrate` remembers between runs, in `APP_DIR/.gfa/local/migrate.json` (gfa's local state,
 * ignored by git): for each source → target pair, the data-branch head it copied. A later run can then
 * tell a target that still holds that copy (safe to bring up to the source's newer head) from one its
 * own jobs have written to since (never overwritten). Nothing secret is kept here.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { RepoTarget } from '../forge/types.ts';

/** The record of one pair. */
export interface PairRecord {
  /** The data-branch head last copied to (or found equal on) the target. */
  copied: string;
  /** When, ISO 8601. */
  at: string;
}

const pairKey = (from: RepoTarget, to: RepoTarget): string => `${from.forge}:${from.repo} -> ${to.forge}:${to.repo}`;
const fileOf = (appDir: string): string => join(resolve(appDir), '.gfa', 'local', 'migrate.json');

async function readAll(appDir: string): Promise<Record<string, PairRecord>> {
  try {
    const v = JSON.parse(await readFile(fileOf(appDir), 'utf8')) as unknown;
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, PairRecord>) : {};
  } catch {
    return {};
  }
}

/** The record of `from` → `to`, if any. */
export async function readRecord(appDir: string, from: RepoTarget, to: RepoTarget): Promise<PairRecord | undefined> {
  const r = (await readAll(appDir))[pairKey(from, to)];
  return r && typeof r.copied === 'string' ? r : undefined;
}

/** Saves the record of `from` → `to` (written to a temporary file, then renamed: a killed run leaves the old one). */
export async function writeRecord(appDir: string, from: RepoTarget, to: RepoTarget, record: PairRecord): Promise<void> {
  const file = fileOf(appDir);
  const dir = join(file, '..');
  await mkdir(dir, { recursive: true });
  if (!existsSync(join(dir, '.gitignore'))) await writeFile(join(dir, '.gitignore'), '# local state of gfa run / gfa dev / gfa migrate: never commit\n*\n');
  const all = await readAll(appDir);
  all[pairKey(from, to)] = record;
  await writeFile(`${file}.tmp`, `${JSON.stringify(all, null, 2)}\n`, { mode: 0o600 });
  await rename(`${file}.tmp`, file);
}
