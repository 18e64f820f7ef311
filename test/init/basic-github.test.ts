/**
 * A repository made from templates/basic, on `gfa dev --as github` (the GitHub emulator, a test double;
 * nothing here ran on GitHub): `gfa deploy` through the bin, then the template's page in headless
 * Chromium unlocks, starts `greet`, the dispatched workflow runs and pushes, and the page shows the result.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGithubDev, type GithubDev } from '../../framework/dev/github/start.ts';
import { GFA_BIN, runProgram } from '../build/helpers/fixture.ts';
import { launchBrowser } from '../helpers/browser.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const PASS = 'basic template passphrase on the github double';
let dir: string;
let dev: GithubDev;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(join(root, 'tmp'), { recursive: true });
  dir = mkdtempSync(join(root, 'tmp', 'basic-github-'));
  cpSync(join(root, 'templates', 'basic'), dir, { recursive: true, filter: (src) => !/[\\/](dist|\.gfa|node_modules)$/.test(src) });
  dev = await startGithubDev({ appDir: dir, log: () => {} });
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await dev?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('templates/basic on the GitHub emulator', () => {
  it('deploys; the page unlocks, starts greet and shows its result', async () => {
    const token = readFileSync(dev.ownerTokenFile, 'utf8').trim();
    const env = { GITHUB_API_URL: dev.emu.apiUrl, GITHUB_TOKEN: token, GFA_PASSPHRASE: PASS };
    const deployed = await runProgram(GFA_BIN, ['deploy', dir, '--forge', 'github', '--repo', dev.repo, '--dispatch-token-file', dev.dispatchTokenFile], { env });
    expect(deployed.code, deployed.stderr).toBe(0);

    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    // The page is on another origin than the API: a request CORS or the CSP blocks would show here.
    page.on('console', (m) => void (/CORS policy|Content Security Policy/.test(m.text()) && problems.push(`console: ${m.text()}`)));
    await page.goto(`${dev.emu.pagesUrl}/${dev.repo}/`);
    await page.getByLabel('Passphrase').fill(PASS);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByLabel('Name').waitFor({ state: 'visible', timeout: 30_000 });
    // The form shows before the heartbeat is read (cross-origin, each read is a preflight and a GET).
    await expect.poll(() => page.locator('#heartbeat').innerText(), { timeout: 10_000 }).toBe('The scheduled job has not run yet.');
    await page.getByLabel('Name').fill('Ada');
    await page.getByRole('button', { name: 'Say hello' }).click();
    await expect.poll(() => page.locator('#result').innerText(), { timeout: 60_000 }).toBe('Hello, Ada! (greeting number 1)');
    expect(problems).toEqual([]);
    const runs = dev.emu.state.repos.get(dev.repo)!.runs;
    expect(runs.map((r) => [r.path, r.event, r.conclusion])).toContainEqual(['.github/workflows/gfa-greet.yml', 'workflow_dispatch', 'success']);
    await page.close();
  }, 90_000);
});
