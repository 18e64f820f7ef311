/**
 * `gfa dev` refuses what a foreign web page could send it (issue 14): a foreign Host (DNS rebinding),
 * a cross-origin POST, a git push without the remote's credential; and it survives malformed paths.
 */
import { execFile } from 'node:child_process';
import { request } from 'node:http';
import { connect } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureServer, type FixtureServer } from './helpers/fixture.ts';

const run = promisify(execFile);

/** One request with full control of Host, Origin and the path (fetch forbids setting Host). */
function raw(port: number, o: { path: string; method?: string; headers?: Record<string, string>; body?: string }): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: o.path, method: o.method ?? 'GET', headers: o.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end(o.body);
  });
}

/** Sends raw bytes as the request target over a socket; resolves with the status line's code (0: closed without one). */
function rawBytes(port: number, target: Buffer): Promise<number> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    socket.on('data', (d) => (text += d.toString('latin1')));
    socket.on('error', () => {});
    socket.on('close', () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0)));
    socket.write(Buffer.concat([Buffer.from('GET '), target, Buffer.from(` HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`)]));
    setTimeout(() => socket.destroy(), 5000).unref();
  });
}

describe('gfa dev refuses foreign pages', () => {
  let fx: FixtureServer;
  let port: number;
  let host: string;
  let auth: string;
  let tmp: string;

  beforeAll(async () => {
    fx = await startFixtureServer('dev-app', undefined, { hosts: ['gfa.test'] });
    port = Number(new URL(fx.server.url).port);
    host = `127.0.0.1:${port}`;
    auth = `Basic ${Buffer.from(`gfa:${new URL(fx.server.remoteUrl).password}`).toString('base64')}`;
    tmp = await mkdtemp(join(tmpdir(), 'gfa-guard-'));
  });
  afterAll(async () => {
    await fx?.stop();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('answers only its own Host: a rebound name gets 421, even for keys.json', async () => {
    for (const h of [`evil.example:${port}`, 'evil.example', `127.0.0.1:${port + 1}`, `localhost.evil.example:${port}`]) {
      const res = await raw(port, { path: '/.gfa/keys.json', headers: { host: h } });
      expect([h, res.status]).toEqual([h, 421]);
      expect(res.body).not.toContain('ciphertext');
    }
    for (const h of [host, `localhost:${port}`, 'gfa.test', `gfa.test:${port}`]) {
      expect([h, (await raw(port, { path: '/.gfa/keys.json', headers: { host: h } })).status]).toEqual([h, 200]);
    }
  });

  it('refuses a cross-origin POST, even with the right trigger credential', async () => {
    const headers = { host, authorization: `Bearer ${fx.server.triggerToken}`, 'content-type': 'application/json' };
    const body = JSON.stringify({ job: 'bump' });
    for (const origin of ['http://evil.example', 'null', `https://${host}`, `http://${host}.evil.example`]) {
      const res = await raw(port, { path: '/api/trigger', method: 'POST', headers: { ...headers, origin }, body });
      expect([origin, res.status]).toEqual([origin, 403]);
    }
    expect((await raw(port, { path: '/api/tick', method: 'POST', headers: { ...headers, origin: 'http://evil.example' } })).status).toBe(403);
    expect((await raw(port, { path: '/api/trigger', method: 'POST', headers: { ...headers, origin: `http://${host}` }, body })).status).toBe(202);
    expect((await raw(port, { path: '/api/trigger', method: 'POST', headers, body })).status).toBe(202); // no Origin: curl
    await fx.server.idle();
  });

  it('refuses git fetch and push without the credential, and takes them with it', async () => {
    const bare = `${fx.server.url}/git/remote.git`;
    await expect(run('git', ['ls-remote', bare], { env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } })).rejects.toThrow();
    const work = join(tmp, 'work');
    await run('git', ['init', '-q', '-b', 'data', work]);
    await run('git', ['-C', work, '-c', 'user.name=x', '-c', 'user.email=x@x', 'commit', '-q', '--allow-empty', '-m', 'x']);
    const push = run('git', ['-C', work, 'push', bare, 'HEAD:refs/heads/intruder'], { env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } });
    await expect(push).rejects.toThrow();
    const { stdout } = await run('git', ['ls-remote', fx.server.remoteUrl]);
    expect(stdout).not.toContain('intruder');
    // A cross-origin POST to receive-pack is refused even with the credential.
    const res = await raw(port, { path: '/git/remote.git/git-receive-pack', method: 'POST', headers: { host, authorization: auth, origin: 'http://evil.example' } });
    expect(res.status).toBe(403);
  });

  it('answers a malformed path with 400 and keeps serving', async () => {
    const res = await raw(port, { path: '/git/remote.git/%E0%A4%A', headers: { host, authorization: auth } });
    expect(res.status).toBe(400);
    expect((await raw(port, { path: '/git/remote.git/%E0%A4%A', headers: { host } })).status).toBe(401);
    for (const path of ['/%E0%A4%A', '/api/file/%E0%A4%A', `/api/file/${'a'.repeat(40)}/%E0%A4%A`, '/api/tree/%FF']) {
      const r = await raw(port, { path, headers: { host } });
      expect([path, r.status]).toEqual([path, r.status >= 400 && r.status < 500 ? r.status : 'not a 4xx']);
    }
    expect((await raw(port, { path: '/api/head', headers: { host } })).status).toBe(200);
  });

  it('survives any bytes in the path of any route (bounded fuzz)', async () => {
    let seed = 14;
    const rand = (n: number): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const prefixes = ['/', '/git/remote.git/', '/git/remote.git/info/refs?service=', '/api/file/', `/api/file/${'0'.repeat(40)}/`, '/api/tree/', '/api/head', '/.gfa/', '//', ''];
    const statuses = new Set<number>();
    for (let i = 0; i < 120; i++) {
      const bytes = Buffer.from(Array.from({ length: 1 + rand(24) }, () => (rand(3) === 0 ? 0x25 : rand(256)))); // many '%'
      const status = await rawBytes(port, Buffer.concat([Buffer.from(prefixes[i % prefixes.length]!), bytes]));
      expect(status === 0 || status < 500, `status ${status} for ${bytes.toString('hex')}`).toBe(true);
      statuses.add(status);
    }
    expect(statuses.size).toBeGreaterThan(1);
    expect((await raw(port, { path: '/api/head', headers: { host } })).status).toBe(200);
  });
});
