/** The rss-reader page in Chromium, the steps its tests share on every forge: watch for errors, unlock, add a feed. */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/** Page errors and console errors other than the SDK's 404s while a job has not written its result. */
export function pageProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/Failed to load resource: .* 404/.test(m.text())) problems.push(`console: ${m.text()}`);
  });
  return problems;
}

/** Opens the reader at `url`, unlocks it, adds `feedUrl` and waits until at least four items show. */
export async function unlockAndAddFeed(page: Page, url: string, passphrase: string, feedUrl: string): Promise<void> {
  await page.goto(url);
  await page.getByLabel('Passphrase').fill(passphrase);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await page.getByLabel('Feed URL').waitFor({ state: 'visible', timeout: 30_000 });
  await page.getByLabel('Feed URL').fill(feedUrl);
  await page.getByRole('button', { name: 'Add feed' }).click();
  await expect.poll(() => page.locator('#items li.item').count(), { timeout: 90_000 }).toBeGreaterThanOrEqual(4);
}
