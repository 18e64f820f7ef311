/** The client SDK in headless Chromium against a real `gfa dev`: a page under a strict CSP unlocks, triggers, awaits, reads. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../helpers/browser.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withPolicy } from '../../framework/build/page-policy.ts';
import { startFixtureServer, type FixtureServer } from '../dev/helpers/fixture.ts';

const here = dirname(fileURLToPath(import.meta.url));

describe('client SDK in headless Chromium', () => {
  let fx: FixtureServer;
  let browser: Browser;
  beforeAll(async () => {
    fx = await startFixtureServer();
    const out = join(fx.dir, 'dist', 'pages', 'sdk-test');
    mkdirSync(out, { recursive: true });
    await build({ entryPoints: [join(here, 'page', 'main.ts')], bundle: true, platform: 'browser', format: 'esm', target: 'es2022', outfile: join(out, 'main.js'), logLevel: 'silent' });
    writeFileSync(join(out, 'index.html'), withPolicy('<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>sdk test</title>\n</head>\n<body>\n<script type="module" src="./main.js"></script>\n</body>\n</html>\n'));
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await fx?.stop();
  });

  it('unlocks, triggers, awaits the result and reads kv under the CSP; the session survives a reload', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${fx.server.url}/sdk-test/`);
    await page.waitForSelector('body[data-ready="1"]', { state: 'attached' });
    type Sdk = { sdk: Record<string, (...a: unknown[]) => Promise<unknown>> };
    expect(await page.evaluate(() => (window as unknown as Sdk).sdk.wrongPassphrase!())).toBe('E_PASSPHRASE');
    const result = (await page.evaluate((p) => (window as unknown as Sdk).sdk.run!(p), 'correct horse battery staple')) as {
      n: number;
      kv: string;
      list: string[];
      failed: string;
    };
    expect(result.n).toBeGreaterThanOrEqual(2);
    expect(result.kv).toBe(String(result.n));
    expect(result.list).toEqual(['counter/n']);
    expect(result.failed).toMatch(/^E_/);
    await page.reload();
    await page.waitForSelector('body[data-ready="1"]', { state: 'attached' });
    expect(await page.evaluate(() => (window as unknown as Sdk).sdk.afterReload!())).toEqual({ unlocked: true, kv: result.kv, localStorage: 0, headCounters: 1 });
    expect(await page.evaluate(() => (window as unknown as Sdk).sdk.violations!())).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});
