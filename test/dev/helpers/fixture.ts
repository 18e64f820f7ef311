/**
 * Test helpers: copy a fixture app under the repo's gitignored tmp/ (so `gfa` and `zod` resolve from
 * the workspace's node_modules) and start `gfa dev` on it with a random port and weak Argon2 limits.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDevServer, type DevServer, type DevServerOptions } from '../../../framework/dev/server.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** Argon2id at libsodium's minimum: tests only (the default stays MODERATE). */
export const WEAK_KDF = { opslimit: 1, memlimit: 8192 };

/** A copy of `test/fixtures/<name>` in a fresh directory; `remove()` deletes it. */
export function copyFixture(name: string): { dir: string; remove(): void } {
  mkdirSync(join(root, 'tmp'), { recursive: true });
  const dir = mkdtempSync(join(root, 'tmp', `${name}-`));
  cpSync(join(root, 'test', 'fixtures', name), dir, { recursive: true, filter: (src) => !/[\\/](dist|\.gfa)$/.test(src) });
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A running dev server on a fixture copy, with its log lines. */
export interface FixtureServer {
  dir: string;
  server: DevServer;
  lines: string[];
  stop(): Promise<void>;
}

/** Starts `gfa dev` on a copy of the fixture. Always `stop()` it. */
export async function startFixtureServer(
  name = 'dev-app',
  passphrase = 'correct horse battery staple',
  extra: Partial<DevServerOptions> = {},
): Promise<FixtureServer> {
  const copy = copyFixture(name);
  const lines: string[] = [];
  try {
    const server = await startDevServer({ appDir: copy.dir, passphrase, kdf: WEAK_KDF, watch: false, log: (l) => lines.push(l), ...extra });
    return {
      dir: copy.dir,
      server,
      lines,
      async stop() {
        await server.close();
        copy.remove();
      },
    };
  } catch (err) {
    copy.remove();
    throw err;
  }
}
