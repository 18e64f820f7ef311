/** `gfa dev` through the real CLI bin: prints the banner, serves, and stops cleanly on SIGINT. */
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { copyFixture } from './helpers/fixture.ts';

const bin = join(dirname(fileURLToPath(import.meta.url)), '../../node_modules/.bin/gfa');

describe('gfa dev (CLI)', () => {
  const app = copyFixture('dev-app');
  afterAll(() => app.remove());

  it('rejects a bad --port with a one-line usage error', async () => {
    const child = spawn(bin, ['dev', app.dir, '--port', 'abc'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((ok) => child.on('close', ok));
    expect(code).toBe(2);
    expect(stderr.trim()).toMatch(/^gfa: --port must be a number/);
  });

  it('refuses a weak --passphrase before starting, unless --weak-passphrase', async () => {
    const own = copyFixture('dev-app'); // its stored passphrase must not leak into the next test
    const gfa = (args: string[]) => {
      const child = spawn(bin, ['dev', own.dir, '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (out += d.toString()));
      return { child, out: () => out, code: new Promise<number | null>((ok) => child.on('close', ok)) };
    };
    const weak = gfa(['--passphrase', 'password123']);
    expect(await weak.code).toBe(1);
    expect(weak.out().trim()).toMatch(/^gfa: the passphrase is too easy to guess .*--weak-passphrase$/);
    expect(weak.out()).not.toContain('password123');
    const allowed = gfa(['--passphrase', 'password123', '--weak-passphrase']);
    const deadline = Date.now() + 40_000;
    while (!/Ctrl-C stops/.test(allowed.out()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(allowed.out()).toContain('Ctrl-C stops');
    allowed.child.kill('SIGINT');
    expect(await allowed.code).toBe(0);
    own.remove();
  });

  it('serves until SIGINT and prints a generated passphrase once', async () => {
    const child = spawn(bin, ['dev', app.dir, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const exited = new Promise<number | null>((ok) => child.on('close', ok));
    const deadline = Date.now() + 40_000;
    while (!/Ctrl-C stops/.test(stdout) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const url = /open\s+(http:\/\/127\.0\.0\.1:\d+)\//.exec(stdout)?.[1];
    expect(url).toBeDefined();
    expect(stdout).toMatch(/passphrase [a-z2-9]{5}(-[a-z2-9]{5}){3}\s+\(generated/);
    const keys = await fetch(`${url}/.gfa/keys.json`);
    expect(keys.status).toBe(200);
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  });
});
