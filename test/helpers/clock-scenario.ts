/**
 * The page on a double that keeps the forge's time (issue 21), the same steps on GitHub and GitLab:
 * several quick changes show at once as saving and are confirmed by one run; a reload while a change is
 * pending keeps it; a run that fails before it writes a result is reported on its item within seconds
 * of the forge saying so (not after the page's two-minute timeout). Chromium with web security on.
 */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

export interface ClockScenario {
  page: Page;
  passphrase: string;
  /** Runs of `job` the double has started so far. */
  runs(job: string): number;
  /** Makes the next runs fail before they write a result (a wrong data key), and undoes it. */
  breakRuns(): () => void;
  /** When the double last reported a run of `job` failed (ms since the epoch), if it did. */
  failedAt(job: string): number | undefined;
  runnerStartMs: number;
}

const unlock = async (page: Page, passphrase: string): Promise<void> => {
  await page.getByLabel('Passphrase').fill(passphrase);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
};

/** Runs the scenario on an unlocked page that shows at least four items. Returns timings (ms). */
export async function runClockScenario(s: ClockScenario): Promise<Record<string, number>> {
  const { page } = s;
  const items = page.locator('#items li.item');
  expect(await items.count()).toBeGreaterThanOrEqual(4);
  const timings: Record<string, number> = {};

  // Three quick changes: on screen at once, saving, then confirmed by a single run.
  const before = s.runs('mark-read');
  const t0 = Date.now();
  for (let i = 0; i < 3; i++) await items.nth(i).getByRole('button', { name: /^Mark (read|unread)$/ }).click({ timeout: 2_000 });
  timings.clicksOnScreen = Date.now() - t0;
  expect(await page.locator('#items li.item[data-pending="true"]').count()).toBe(3);
  await expect.poll(() => page.locator('#items li.item[data-pending="true"]').count(), { timeout: s.runnerStartMs + 60_000, interval: 250 }).toBe(0);
  timings.confirmed = Date.now() - t0;
  expect(s.runs('mark-read') - before).toBe(1);
  expect(await page.locator('#status').innerText()).not.toMatch(/Could not/);

  // A reload while a change waits in the outbox: sent after the next unlock, confirmed once.
  const target = items.nth(3);
  const label = (await target.getByRole('button', { name: /^Mark (read|unread)$/ }).innerText()).trim();
  await target.getByRole('button', { name: label }).click();
  await page.reload();
  await unlock(page, s.passphrase);
  const again = page.locator('#items li.item').nth(3);
  await expect.poll(async () => (await again.getByRole('button', { name: /^Mark (read|unread)$/ }).innerText()).trim(), { timeout: s.runnerStartMs + 60_000 }).not.toBe(label);
  await expect.poll(() => page.locator('#items li.item[data-pending="true"]').count(), { timeout: s.runnerStartMs + 60_000, interval: 250 }).toBe(0);

  // A run that fails before writing its result: undone on its item with the reason, within seconds of the forge saying so.
  const restore = s.breakRuns();
  try {
    const item = page.locator('#items li.item').nth(0);
    const was = (await item.getByRole('button', { name: /^Mark (read|unread)$/ }).innerText()).trim();
    const t1 = Date.now();
    await item.getByRole('button', { name: was }).click();
    await expect.poll(() => page.locator('#status').innerText(), { timeout: s.runnerStartMs + 60_000, interval: 100 }).toMatch(/^Could not mark it (un)?read \(undone\): the run of job "mark-read" \(request \S+\) ended \((completed\/failure|failed)\) before it wrote a result: see http\S+/);
    const reported = Date.now();
    expect(await page.locator('#status').getByRole('button', { name: 'Retry' }).count()).toBe(1);
    timings.failureReported = reported - t1;
    const failed = s.failedAt('mark-read');
    expect(failed).toBeDefined();
    timings.failureAfterForge = reported - failed!;
    expect(timings.failureAfterForge).toBeLessThan(5_000);
    expect((await item.getByRole('button', { name: /^Mark (read|unread)$/ }).innerText()).trim()).toBe(was);
  } finally {
    restore();
  }
  return timings;
}
