/** The `gfa dev` banner's commands work as printed: its way to fire a schedule now, run in another terminal, changes the data the page reads. */
import { spawn } from 'node:child_process';
import { cp, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GFA_BIN, ROOT, runProgram } from '../build/helpers/fixture.ts';

let base: string;
let app: string;
beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'gfa-banner-'));
  app = join(base, 'basic');
  await cp(join(ROOT, 'templates/basic'), app, { recursive: true, filter: (src) => !/[\\/](dist|\.gfa|node_modules)$/.test(src) });
  await symlink(join(ROOT, 'node_modules'), join(app, 'node_modules'));
});
afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

describe('the gfa dev banner', () => {
  it('prints a command that fires a schedule now, and it does', async () => {
    const env = { ...process.env, GFA_PASSPHRASE: '', GFA_REMOTE: '', GFA_SECRET_KEY: '' };
    const dev = spawn(GFA_BIN, ['dev', '--port', '0', app], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    dev.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    dev.stderr.on('data', (d: Buffer) => { out += d.toString(); });
    try {
      await expect.poll(() => out, { timeout: 60_000 }).toMatch(/Ctrl-C stops/);
      const line = /fire now\s+(gfa run \S+ --schedule)/.exec(out);
      expect(line, out).not.toBeNull();
      const [cmd, ...args] = line![1]!.split(' ');
      expect(cmd).toBe('gfa');
      const r = await runProgram(GFA_BIN, args, { cwd: app, env: { GFA_REMOTE: '', GFA_SECRET_KEY: '' } });
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ job: 'heartbeat', status: 'ok', output: { runs: 1 } });
      // The store gfa dev serves has it.
      const got = await runProgram(GFA_BIN, ['kv', 'get', 'heartbeat.json'], { cwd: app, env: { GFA_REMOTE: '', GFA_SECRET_KEY: '' } });
      expect(JSON.parse(got.stdout)).toMatchObject({ runs: 1 });
    } finally {
      dev.kill('SIGTERM');
      await new Promise((ok) => (dev.exitCode !== null ? ok(undefined) : dev.on('exit', ok)));
    }
  }, 120_000);
});
