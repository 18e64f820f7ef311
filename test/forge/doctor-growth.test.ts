/**
 * Doctor's `storage-growth`: the repository's growth from doctor's own daily readings, and the day it
 * would pass the forge's recommended size at that rate (framework/forge/doctor-growth.ts).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { growthCheck, readingsFile, recordReading, storageGrowth } from '../../framework/forge/doctor-growth.ts';
import { GITHUB_STORAGE } from '../../framework/forge/doctor-storage.ts';

const DAY = 86_400_000;
const MB = 1_000_000;
const at = (ms: number) => new Date(ms).toISOString();
const T = Date.parse('2026-12-07T12:00:00Z');
const dir = mkdtempSync(join(tmpdir(), 'gfa-growth-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('growthCheck', () => {
  it('says growth is not known on the first day', () => {
    expect(growthCheck([], { at: at(T), repoBytes: 5 * MB }, GITHUB_STORAGE).message).toMatch(/^growth not known yet/);
    expect(growthCheck([{ at: at(T - 3_600_000), repoBytes: 1 }], { at: at(T), repoBytes: 5 * MB }, GITHUB_STORAGE).message).toMatch(/^growth not known yet/);
  });

  it('gives the rate a month and, when close, the day the recommendation is passed', () => {
    const slow = growthCheck([{ at: at(T - 10 * DAY), repoBytes: 10 * MB }], { at: at(T), repoBytes: 11 * MB }, GITHUB_STORAGE);
    expect(slow).toEqual({ id: 'storage-growth', status: 'ok', message: 'the repository grew 1.0 MB in 10 days (about 3.0 MB a month): at that rate the 1.00 GB GitHub recommends is more than 180 days away' });
    // 100 MB in 10 days from 900 MB: 1 GB in 10 more days.
    const fast = growthCheck([{ at: at(T - 10 * DAY), repoBytes: 800 * MB }], { at: at(T), repoBytes: 900 * MB }, GITHUB_STORAGE);
    expect(fast.status).toBe('warn');
    expect(fast.message).toBe('the repository grew 100.0 MB in 10 days (about 300.0 MB a month): at that rate it passes the 1.00 GB GitHub recommends on 2026-12-17; use history: squash and keep fewer results');
  });

  it('compares with the oldest reading of the last 90 days, and a shrinking repository is not growing', () => {
    const old = [{ at: at(T - 200 * DAY), repoBytes: 1 }, { at: at(T - 30 * DAY), repoBytes: 20 * MB }, { at: at(T - 5 * DAY), repoBytes: 1 }];
    expect(growthCheck(old, { at: at(T), repoBytes: 23 * MB }, GITHUB_STORAGE).message).toMatch(/^the repository grew 3\.0 MB in 30 days/);
    expect(growthCheck([{ at: at(T - 2 * DAY), repoBytes: 9 * MB }], { at: at(T), repoBytes: 8 * MB }, GITHUB_STORAGE).message).toMatch(/: not growing$/);
  });
});

describe('recordReading', () => {
  it('keeps one reading a day per repository and returns the earlier ones', async () => {
    const file = join(dir, 'a', 'readings.json');
    expect(await recordReading(file, 'github:o/r', { at: at(T - DAY), repoBytes: 1 })).toEqual([]);
    expect(await recordReading(file, 'github:o/r', { at: at(T), repoBytes: 2 })).toEqual([{ at: at(T - DAY), repoBytes: 1 }]);
    expect(await recordReading(file, 'github:o/r', { at: at(T + 60_000), repoBytes: 3 })).toEqual([{ at: at(T - DAY), repoBytes: 1 }]);
    expect(await recordReading(file, 'gitlab:7', { at: at(T), repoBytes: 9 })).toEqual([]);
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    expect(saved['github:o/r']).toEqual([{ at: at(T - DAY), repoBytes: 1 }, { at: at(T + 60_000), repoBytes: 3 }]);
  });

  it('treats an unreadable file as no readings', async () => {
    const file = readingsFile(join(dir, 'app'));
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, 'not json');
    expect(await storageGrowth(join(dir, 'app'), 'github:o/r', 5, GITHUB_STORAGE, new Date(T))).toMatchObject([{ id: 'storage-growth', status: 'ok', message: expect.stringMatching(/^growth not known yet/) }]);
    expect(await storageGrowth(join(dir, 'app'), 'github:o/r', undefined, GITHUB_STORAGE)).toEqual([]);
  });
});
