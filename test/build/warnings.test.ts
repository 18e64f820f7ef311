import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../framework/build/index.ts';
import { ROOT } from './helpers/fixture.ts';

async function appWithCron(cron: string): Promise<string> {
  const dir = join(await mkdtemp(join(tmpdir(), 'gfa-warn-')), 'app');
  await mkdir(dir);
  await writeFile(join(dir, 'package.json'), '{ "type": "module", "private": true }\n');
  await writeFile(
    join(dir, 'gfa.config.ts'),
    `import { defineApp, defineJob, schedule } from 'gfa';\nexport default defineApp({ name: 'w', jobs: { tick: defineJob({ on: [schedule(${JSON.stringify(cron)})], run: () => null }) } });\n`,
  );
  await symlink(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

describe('gfa build warnings', () => {
  const dirs: string[] = [];
  afterEach(async () => {
    for (const d of dirs.splice(0)) await rm(join(d, '..'), { recursive: true, force: true });
  });

  it('warns about a schedule at minute 0, which GitHub delays most', async () => {
    const dir = await appWithCron('0 * * * *');
    dirs.push(dir);
    const lines: string[] = [];
    await buildApp(dir, { log: (l) => lines.push(l) });
    expect(lines.filter((l) => l.startsWith('warning:'))).toEqual([expect.stringMatching(/job "tick": schedule "0 \* \* \* \*" runs at minute 0.*"17 \* \* \* \*"/)]);
  });

  it('says nothing about other minutes', async () => {
    const dir = await appWithCron('*/15 * * * *');
    dirs.push(dir);
    const lines: string[] = [];
    await buildApp(dir, { log: (l) => lines.push(l) });
    expect(lines.filter((l) => l.startsWith('warning:'))).toEqual([]);
  });
});
