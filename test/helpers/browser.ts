/**
 * Headless Chromium for the browser tests, with nothing preinstalled: the npm package
 * `@sparticuz/chromium` unpacks a Chromium build (Linux x64) into the temp dir on first use. Elsewhere
 * (macOS, arm64) a system Chrome or Chromium is used; with neither, the test fails with one line
 * saying what to install. Never skipped.
 */
import { existsSync } from 'node:fs';
import { chromium as playwright, type Browser } from 'playwright-core';

const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];
const SYSTEM = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome'];

async function executable(): Promise<{ path: string; args: string[] }> {
  if (process.platform === 'linux' && process.arch === 'x64') {
    const { default: chromium } = await import('@sparticuz/chromium');
    return { path: await chromium.executablePath(), args: [...new Set([...chromium.args.filter((a) => !a.startsWith('--headless')), ...ARGS])] };
  }
  const path = process.env.CHROME_PATH ?? SYSTEM.find((p) => existsSync(p));
  if (!path) throw new Error(`no Chromium for ${process.platform}/${process.arch}: install Google Chrome or Chromium, or set CHROME_PATH`);
  return { path, args: ARGS };
}

/** Launches headless Chromium; always `close()` it. */
export async function launchBrowser(): Promise<Browser> {
  const exe = await executable();
  return playwright.launch({ executablePath: exe.path, args: exe.args, headless: true });
}
