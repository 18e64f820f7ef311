/**
 * Vitest global setup: apps import `gfa` through its package exports, which point at the compiled
 * framework/dist/ (what users install), and `gfa build` bundles from there. Rebuild it when a source
 * is newer, so that tests never run an edited framework's stale build.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync, utimesSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

const FRAMEWORK = resolve(import.meta.dirname, '../../framework');
const STAMP = join(FRAMEWORK, 'dist/.tsbuildinfo');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (/\.ts$|^package\.json$|^tsconfig/.test(entry.name)) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function built(): number {
  try {
    return statSync(STAMP).mtimeMs;
  } catch {
    return 0;
  }
}

export default function setup(): void {
  if (newestSource(FRAMEWORK) <= built()) return;
  process.stderr.write('test setup: framework sources changed, rebuilding framework/dist (npm run build -w gfa)\n');
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', join(FRAMEWORK, 'tsconfig.build.json')], { stdio: 'inherit' });
  // tsc leaves its build info alone when nothing it emits changed (a touched file): mark it fresh anyway.
  const now = new Date();
  utimesSync(STAMP, now, now);
}
