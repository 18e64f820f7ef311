/** The forge-neutral parts of doctor's budget: the minutes check and its run-out date, expiry, the expiry header's forms. */
import { describe, expect, it } from 'vitest';
import { expiryCheck } from '../../framework/forge/doctor-expiry.ts';
import { firesPerMonth, median, minutesCheck } from '../../framework/forge/doctor-minutes.ts';
import { parseTokenExpiration } from '../../framework/forge/github/doctor-expiry.ts';
import { GITHUB_STORAGE, GITLAB_STORAGE, storageChecks } from '../../framework/forge/doctor-storage.ts';

const NOW = Date.UTC(2026, 11, 10, 12);
const DAY = 86_400_000;

describe('minutesCheck', () => {
  const plan = { name: 'gitlab.com free tier', included: 400 };
  it('is ok under 80 %, warns near the quota, and gives the run-out day above it', () => {
    expect(minutesCheck([{ label: 'a', minutesPerMonth: 100, basis: 'x' }], plan, NOW).status).toBe('ok');
    expect(minutesCheck([{ label: 'a', minutesPerMonth: 380, basis: 'x' }], plan, NOW)).toMatchObject({ status: 'warn', message: expect.stringMatching(/close to the quota/) });
    // 1,200 a month = 40 a day: 400 are gone after 10 days, on 2026-12-11.
    const over = minutesCheck([{ label: 'a', minutesPerMonth: 1_000, basis: 'x' }, { label: 'sessions', minutesPerMonth: 200, basis: 'y' }], plan, NOW);
    expect(over).toMatchObject({ status: 'warn', message: expect.stringMatching(/about 1,200 of the 400 .*runs out on 2026-12-11 and again/) });
    expect(over.message).toContain('sessions: 200 (y)');
    expect(minutesCheck([{ label: 'a', minutesPerMonth: 4_000, basis: 'x' }], plan, NOW).message).toMatch(/runs out on 2026-12-04 \(already past/);
  });
  it('says when the runs are not metered', () => {
    expect(minutesCheck([{ label: 'a', minutesPerMonth: 10, basis: 'x' }], { name: 'GitHub', included: undefined, note: 'free' }, NOW)).toMatchObject({ status: 'ok', message: expect.stringMatching(/not metered: free/) });
  });
  it('counts fires and medians', () => {
    expect(Math.abs(firesPerMonth('*/15 * * * *', NOW) - 2880)).toBeLessThanOrEqual(1);
    expect(firesPerMonth('0 6 * * 1', NOW)).toBeGreaterThanOrEqual(4);
    expect(median([3, 1, 2])).toBe(2);
    expect(median([])).toBeUndefined();
  });
});

describe('expiryCheck and the GitHub header', () => {
  it('errs when expired, warns inside 30 days, else ok', () => {
    expect(expiryCheck('x', 'it', NOW - 1, 'fix', NOW).status).toBe('error');
    expect(expiryCheck('x', 'it', NOW + 29 * DAY, 'fix', NOW).status).toBe('warn');
    expect(expiryCheck('x', 'it', NOW + 31 * DAY, 'fix', NOW).status).toBe('ok');
    expect(expiryCheck('x', 'it', undefined, 'fix', NOW).message).toBe('it has no expiry date');
  });
  it('reads the forms GitHub sends', () => {
    expect(parseTokenExpiration('2026-09-30 00:00:00 UTC')).toBe(Date.UTC(2026, 8, 30));
    expect(parseTokenExpiration('2027-03-19 00:00:00 -0500')).toBe(Date.UTC(2027, 2, 19, 5));
    expect(parseTokenExpiration('2026-08-01 00:00:00 +0000')).toBe(Date.UTC(2026, 7, 1));
    expect(parseTokenExpiration('soon')).toBeUndefined();
    expect(parseTokenExpiration(null)).toBeUndefined();
  });
});

describe('storageChecks', () => {
  const GB = 1e9;
  it('holds the repository to the recommendation and the limit, and the site to the Pages limit', () => {
    expect(storageChecks({ repoBytes: 0.2 * GB, dataBytes: 5_000, dataFiles: 3, history: 'squash', pagesBytes: 2e6 }, GITHUB_STORAGE).map((c) => c.status)).toEqual(['ok', 'ok']);
    expect(storageChecks({ repoBytes: 1.5 * GB, history: 'keep' }, GITHUB_STORAGE)[0]).toMatchObject({ status: 'warn', message: expect.stringMatching(/1\.50 GB.*history: keep.*over the 1\.00 GB GitHub recommends/) });
    expect(storageChecks({ repoBytes: 10 * GB, history: 'squash' }, GITLAB_STORAGE)[0]!.status).toBe('error');
    expect(storageChecks({ history: 'squash', pagesBytes: 1.2 * GB }, GITLAB_STORAGE)[1]).toMatchObject({ status: 'error', message: expect.stringMatching(/deploy will fail/) });
    expect(storageChecks({ repoBytes: 3_000, dataBytes: 1_200, dataFiles: 2, history: 'squash' }, GITHUB_STORAGE)[0]!.message).toMatch(/data branch holds 2 kB in 2 files/);
  });
});
