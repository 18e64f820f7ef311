/** @module The local demo's opt-in to loopback feeds: the sample feed server listens on 127.0.0.1. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ALLOW_LOOPBACK_FILE } from '../lib/http.ts';

/**
 * Writes `APP_DIR/.gfa/local/rss-allow-loopback` (gitignored, so it never reaches CI), which lets this
 * machine's jobs fetch feeds from 127.0.0.1 and ::1. Other private addresses stay refused.
 */
export function allowLoopbackFeeds(appDir: string): void {
  const file = join(appDir, ALLOW_LOOPBACK_FILE);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, 'The local demo serves its sample feeds on 127.0.0.1: jobs run here may fetch loopback addresses.\n');
}
