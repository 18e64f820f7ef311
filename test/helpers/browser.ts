/**
 * Headless Chromium for the browser tests, with nothing preinstalled: the npm package
 * `@sparticuz/chromium` unpacks a Chromium build (Linux x64) into the temp dir on first use. Elsewhere
 * (macOS, arm64) a system Chrome or Chromium is used; with neither, the test fails with one line
 * saying what to install. Never skipped.
 *
 * Web security is on: `@sparticuz/chromium` (built for serverless scraping) passes
 * `--disable-web-security`, which turns off the same-origin policy, so no CORS preflight and no
 * missing `Access-Control-*` header could ever fail a test. It is filtered out here; a test that truly
 * needs it off asks with `{ webSecurity: false, reason }`, and the reason is kept with the launch.
 */
import { existsSync } from 'node:fs';
import { chromium as playwright, type Browser } from 'playwright-core';

const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];
const SYSTEM = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome'];
const NO_WEB_SECURITY = '--disable-web-security';

/** Options of {@link launchBrowser}. */
export type LaunchOptions =
  /** The default: the same-origin policy, CORS and the page's CSP are enforced as in a user's browser. */
  | { webSecurity?: true }
  /** Off, for a test that cannot run with it on; `reason` says why (at least a few words). */
  | { webSecurity: false; reason: string };

async function executable(): Promise<{ path: string; args: string[] }> {
  if (process.platform === 'linux' && process.arch === 'x64') {
    const { default: chromium } = await import('@sparticuz/chromium');
    const args = chromium.args.filter((a) => !a.startsWith('--headless') && a !== NO_WEB_SECURITY);
    return { path: await chromium.executablePath(), args: [...new Set([...args, ...ARGS])] };
  }
  const path = process.env.CHROME_PATH ?? SYSTEM.find((p) => existsSync(p));
  if (!path) throw new Error(`no Chromium for ${process.platform}/${process.arch}: install Google Chrome or Chromium, or set CHROME_PATH`);
  return { path, args: ARGS };
}

function argsFor(base: string[], options: LaunchOptions): string[] {
  if (options.webSecurity !== false) return base;
  if (typeof options.reason !== 'string' || options.reason.trim().split(/\s+/).length < 3) {
    throw new Error('launchBrowser({ webSecurity: false }) needs a reason: say in a few words why this test cannot run with web security on');
  }
  return [...base, NO_WEB_SECURITY];
}

/** The Chromium arguments for `options` (exported for the helper's own test). */
export async function browserArgs(options: LaunchOptions = {}): Promise<string[]> {
  return argsFor((await executable()).args, options);
}

/** Launches headless Chromium (web security on unless `options` say why not); always `close()` it. */
export async function launchBrowser(options: LaunchOptions = {}): Promise<Browser> {
  // One executable() call: the first one unpacks Chromium, and two at once would race on the temp dir.
  const exe = await executable();
  return playwright.launch({ executablePath: exe.path, args: argsFor(exe.args, options), headless: true });
}
