/** `gfa dev` rebuilds when the app's sources change and keeps serving the last good build when a rebuild fails. */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevServer, type DevServer } from '../../framework/dev/server.ts';
import { copyFixture, WEAK_KDF } from './helpers/fixture.ts';

async function until(check: () => boolean | Promise<boolean>, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('gfa dev --tick and rebuilds', () => {
  const app = copyFixture('dev-app');
  const lines: string[] = [];
  let server: DevServer;
  beforeAll(async () => {
    server = await startDevServer({ appDir: app.dir, passphrase: 'p', kdf: WEAK_KDF, tick: true, log: (l) => lines.push(l) });
  });
  afterAll(async () => {
    await server?.close();
    app.remove();
  });

  it('fires every schedule once at startup with tick', async () => {
    await server.idle();
    expect(lines.filter((l) => /^job bump 0[0-9a-z]{8}-tick-[\w-]+ ok /.test(l))).toHaveLength(1);
  });

  it('serves the new page after a source change, and the old build after a broken one', async () => {
    const index = join(app.dir, 'web', 'index.html');
    await writeFile(index, (await readFile(index, 'utf8')).replace('<h1>dev-app</h1>', '<h1>changed</h1>'));
    await until(async () => (await (await fetch(`${server.url}/`)).text()).includes('<h1>changed</h1>'));
    // Pages land on disk before the build finishes; the log line comes after.
    await until(() => lines.some((l) => /^rebuilt in \d/.test(l)));
    await writeFile(join(app.dir, 'web', 'main.ts'), 'this is not TypeScript {');
    await until(() => lines.some((l) => l.startsWith('rebuild failed:')));
    expect((await fetch(`${server.url}/api/head`)).status).toBeLessThan(500);
    expect(await (await fetch(`${server.url}/`)).text()).toContain('<h1>changed</h1>');
  });
});
