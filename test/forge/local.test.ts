/** The server-side shared forge suite against `local` (a real `gfa dev`). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { Manifest } from '../../framework/app/manifest.ts';
import { localServerForge } from '../../framework/forge/local/server.ts';
import { startFixtureServer, WEAK_KDF, type FixtureServer } from '../dev/helpers/fixture.ts';
import { runServerForgeSuite } from './suite.ts';

let fx: FixtureServer;
beforeAll(async () => {
  fx = await startFixtureServer();
}, 60_000);
afterAll(async () => fx?.stop());

runServerForgeSuite('local', () => ({
  forge: localServerForge({ url: fx.server.url, triggerToken: fx.server.triggerToken }),
  appDir: fx.dir,
  manifest: JSON.parse(readFileSync(join(fx.dir, 'dist', 'gfa.json'), 'utf8')) as Manifest,
  deploy: { passphrase: fx.server.passphrase, kdf: WEAK_KDF },
  job: { name: 'bump' },
}));
