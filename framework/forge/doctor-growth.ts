/**
 * Doctor's growth check: how fast the repository grows, and when at that rate it would reach the
 * forge's recommended size. Neither forge's API gives a size history, and a squashed data branch keeps
 * none, so doctor keeps its own readings, one a day at most, in `APP_DIR/.gfa/local/doctor-readings.json`
 * (git-ignored, on the owner's machine; sizes only, nothing secret). The first run has nothing to compare
 * with and says so; growth is measured against the oldest reading of the last 90 days that is at least a
 * day old. Limits: ./doctor-storage.ts.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { StorageLimits } from './doctor-storage.ts';
import type { Check } from './types.ts';

const DAY = 86_400_000;
const WINDOW_DAYS = 90;
/** Readings kept per repository: a few months of daily runs. */
const KEEP = 120;
/** Warn when the recommended size would be reached within this many days. */
const WARN_DAYS = 180;

/** One measurement. */
export interface Reading {
  /** ISO time. */
  at: string;
  repoBytes: number;
}

/** `APP_DIR/.gfa/local/doctor-readings.json`. */
export const readingsFile = (appDir: string): string => join(appDir, '.gfa', 'local', 'doctor-readings.json');

type Readings = Record<string, Reading[]>;

async function load(file: string): Promise<Readings> {
  try {
    const parsed: unknown = JSON.parse(await readFile(file, 'utf8'));
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Readings) : {};
  } catch {
    return {}; // none yet, or unreadable: growth is unknown, nothing else depends on it
  }
}

/**
 * Adds today's reading for `repo` (replacing one taken earlier the same day) and returns the readings
 * before it. A file that cannot be written only costs the next run its comparison.
 */
export async function recordReading(file: string, repo: string, reading: Reading): Promise<Reading[]> {
  const all = await load(file);
  const before = (Array.isArray(all[repo]) ? all[repo] : []).filter((r) => typeof r?.at === 'string' && Number.isFinite(r.repoBytes));
  const day = reading.at.slice(0, 10);
  all[repo] = [...before.filter((r) => r.at.slice(0, 10) !== day), reading].slice(-KEEP);
  try {
    await mkdir(dirname(file), { recursive: true });
    await writeFile(`${file}.tmp`, `${JSON.stringify(all, null, 1)}\n`, { mode: 0o600 });
    await rename(`${file}.tmp`, file);
  } catch {
    // best effort
  }
  return before.filter((r) => r.at.slice(0, 10) !== day);
}

const size = (b: number): string => (Math.abs(b) >= 1e9 ? `${(b / 1e9).toFixed(2)} GB` : Math.abs(b) >= 1e6 ? `${(b / 1e6).toFixed(1)} MB` : `${Math.round(b / 1000)} kB`);

/** The `storage-growth` check from earlier readings and the current one. */
export function growthCheck(before: readonly Reading[], now: Reading, l: StorageLimits): Check {
  const t = Date.parse(now.at);
  const base = before.filter((r) => t - Date.parse(r.at) >= DAY && t - Date.parse(r.at) <= WINDOW_DAYS * DAY).sort((a, b) => Date.parse(a.at) - Date.parse(b.at))[0];
  if (!base) return { id: 'storage-growth', status: 'ok', message: `growth not known yet: doctor keeps a daily reading of the repository's size (.gfa/local/doctor-readings.json) and compares from the next day on` };
  const days = (t - Date.parse(base.at)) / DAY;
  const grew = now.repoBytes - base.repoBytes;
  const perMonth = (grew / days) * 30;
  const head = `the repository grew ${size(grew)} in ${Math.round(days)} days (about ${size(perMonth)} a month)`;
  if (grew <= 0) return { id: 'storage-growth', status: 'ok', message: `${head}: not growing` };
  if (now.repoBytes >= l.repoRecommended) return { id: 'storage-growth', status: 'warn', message: `${head}, already past the ${size(l.repoRecommended)} ${l.forge} recommends` };
  const left = ((l.repoRecommended - now.repoBytes) / grew) * days;
  const when = new Date(t + left * DAY).toISOString().slice(0, 10);
  if (left <= WARN_DAYS) return { id: 'storage-growth', status: 'warn', message: `${head}: at that rate it passes the ${size(l.repoRecommended)} ${l.forge} recommends on ${when}; use history: squash and keep fewer results` };
  return { id: 'storage-growth', status: 'ok', message: `${head}: at that rate the ${size(l.repoRecommended)} ${l.forge} recommends is more than ${WARN_DAYS} days away` };
}

/** Records today's size for `repo` and returns the growth check (none when the size is not readable). */
export async function storageGrowth(appDir: string, repo: string, repoBytes: number | undefined, l: StorageLimits, at = new Date()): Promise<Check[]> {
  if (repoBytes === undefined) return [];
  const now = { at: at.toISOString(), repoBytes };
  return [growthCheck(await recordReading(readingsFile(appDir), repo, now), now, l)];
}
