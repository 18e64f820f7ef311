/** `npm start` (scripts/start.mjs): prints the URL and the passphrase in time, the URL serves the page, Ctrl-C stops it. */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
let child: ChildProcess | undefined;

afterAll(() => {
  // The whole process group: node, the dev server's job children.
  if (child?.pid && child.exitCode === null) process.kill(-child.pid, 'SIGKILL');
});

describe('npm start', () => {
  it('prints a URL and a passphrase within 120 s; the URL serves the reader; SIGINT stops it', async () => {
    // Random ports (0) so this never collides with a demo someone is running.
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', FEED_PORT: '0' };
    delete env.GFA_PASSPHRASE;
    child = spawn(process.execPath, ['scripts/start.mjs'], {
      cwd: root,
      detached: true,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    const ready = await new Promise<{ url: string; passphrase: string }>((ok, fail) => {
      const timer = setTimeout(() => fail(new Error(`no URL within 120 s; stdout:\n${out}\nstderr:\n${err}`)), 120_000);
      child!.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const url = /Open:\s+(http:\/\/127\.0\.0\.1:\d+\/)/.exec(out)?.[1];
        const passphrase = /Passphrase:\s+(\S+)/.exec(out)?.[1];
        if (url && passphrase) {
          clearTimeout(timer);
          ok({ url, passphrase: passphrase.trim() });
        }
      });
      child!.on('exit', (code) => fail(new Error(`npm start exited with ${code}; stdout:\n${out}\nstderr:\n${err}`)));
    });
    // Generated once for this data directory and kept there (not a passphrase printed in the README).
    expect(ready.passphrase).not.toBe('demo passphrase');
    expect(ready.passphrase).toMatch(/^[a-z2-9]{5}(-[a-z2-9]{5}){3}$/);
    expect((await readFile(resolve(root, 'apps/rss-reader/.gfa/local/passphrase'), 'utf8')).trim()).toBe(ready.passphrase);
    expect(out).toMatch(/fetched \d+ feeds/);
    const res = await fetch(ready.url);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<title>RSS reader</title>');
    expect(html).toContain('name="gfa-forge"');
    expect((await fetch(new URL('main.js', ready.url))).status).toBe(200);
    const exited = new Promise<number | null>((ok) => child!.on('exit', (code) => ok(code)));
    process.kill(-child.pid!, 'SIGINT');
    expect(await exited).toBe(0);
  }, 150_000);
});
