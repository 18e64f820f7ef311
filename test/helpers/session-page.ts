/**
 * A session seen from the page (issue 24), the same steps on GitHub and GitLab: on an unlocked page
 * showing at least three items, three mark-reads, each clicked after the last is confirmed. The first
 * waits for a runner; a live session serves the others in seconds, and their own runs (pipelines) are
 * cancelled before a runner takes them. Chromium with web security on.
 */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/** One run or pipeline of the mark-read job as the double holds it. */
export interface RunState {
  started: boolean;
  cancelled: boolean;
}

/** Runs the steps; returns the milliseconds from each click to its confirmation. */
export async function runSessionPage(page: Page, runnerStartMs: number, runs: () => RunState[]): Promise<number[]> {
  const items = page.locator('#items li.item');
  const confirmed: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t = Date.now();
    await items.nth(i).getByRole('button', { name: /^Mark (read|unread)$/ }).click({ timeout: 5_000 });
    expect(await items.nth(i).getAttribute('data-pending')).toBe('true');
    await expect.poll(() => page.locator('#items li.item[data-pending="true"]').count(), { timeout: runnerStartMs + 60_000, interval: 100 }).toBe(0);
    confirmed.push(Date.now() - t);
  }
  // The first waited for a runner; a session then served the others well inside a runner start.
  expect(confirmed[0]).toBeGreaterThanOrEqual(runnerStartMs);
  for (const ms of confirmed.slice(1)) expect(ms).toBeLessThan(runnerStartMs - 2000);
  const all = runs();
  expect(all).toHaveLength(3);
  expect(all[0]!.started).toBe(true);
  for (const r of all.slice(1)) expect(r).toEqual({ started: false, cancelled: true });
  expect(await page.locator('#status').innerText()).not.toMatch(/Could not|failed/);
  return confirmed;
}
