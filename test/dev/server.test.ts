/** `gfa dev` end to end over real HTTP: triggers, results, schedules, concurrency, a crashing job, the git remote. */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openValue } from '../../framework/crypto/envelope.ts';
import { parseSecretKeys } from '../../framework/crypto/keys.ts';
import { startFixtureServer, type FixtureServer } from './helpers/fixture.ts';

const run = promisify(execFile);

describe('gfa dev over HTTP', () => {
  let fx: FixtureServer;
  let keys: Uint8Array[];
  const url = (p: string): string => `${fx.server.url}${p}`;
  const auth = (): Record<string, string> => ({ authorization: `Bearer ${fx.server.triggerToken}`, 'content-type': 'application/json' });

  const trigger = async (job: string, input?: unknown): Promise<string> => {
    const res = await fetch(url('/api/trigger'), { method: 'POST', headers: auth(), body: JSON.stringify({ job, input }) });
    expect(res.status).toBe(202);
    return ((await res.json()) as { requestId: string }).requestId;
  };
  const head = async (): Promise<string> => {
    const res = await fetch(url('/api/head'));
    expect(res.status).toBe(200);
    return ((await res.json()) as { sha: string }).sha;
  };
  /** Reads and decrypts a key at the current head. */
  const read = async (key: string): Promise<string | undefined> => {
    const res = await fetch(url(`/api/file/${await head()}/${key}`));
    if (res.status === 404) return undefined;
    expect(res.status).toBe(200);
    const bytes = new Uint8Array(await res.arrayBuffer());
    return new TextDecoder().decode(await openValue(keys, key, bytes));
  };

  beforeAll(async () => {
    // Jobs push through the server's smart-HTTP remote here, as a CI runner would.
    fx = await startFixtureServer('dev-app', undefined, { jobRemote: 'http' });
    keys = parseSecretKeys(await readFile(join(fx.dir, '.gfa', 'local', 'secret.key'), 'utf8'));
  });
  afterAll(async () => fx?.stop());

  it('prints a banner with the URL, the remote and the schedules', () => {
    const banner = fx.lines.join('\n');
    expect(banner).toContain(fx.server.url);
    expect(banner).toContain(`${fx.server.url}/git/remote.git`);
    expect(banner).not.toContain(new URL(fx.server.remoteUrl).password); // the git credential is never printed
    expect(banner).toMatch(/schedule\s+bump\s+"\*\/15 \* \* \* \*"\s+next \d{4}-/);
    expect(banner).not.toContain('correct horse'); // a given passphrase is not echoed
  });

  it('runs a triggered job and stores its encrypted result', async () => {
    const id = await trigger('bump', { by: 3 });
    await fx.server.idle();
    const result = JSON.parse((await read(`results/${id}`))!) as { status: string; output: unknown };
    expect(result).toMatchObject({ status: 'ok', output: { n: 3 } });
    const raw = new Uint8Array(await (await fetch(url(`/api/file/${await head()}/counter/n`))).arrayBuffer());
    expect(new TextDecoder().decode(raw)).not.toBe('3'); // sealed on the branch
    expect(fx.lines.some((l) => new RegExp(`^job bump ${id} ok \\d+\\.\\d\\ds$`).test(l))).toBe(true);
  });

  it('runs concurrent triggers without losing an update', async () => {
    const before = Number(await read('counter/n'));
    const ids = await Promise.all([1, 2, 3, 4].map(() => trigger('bump')));
    await fx.server.idle();
    expect(Number(await read('counter/n'))).toBe(before + 4);
    for (const id of ids) expect(JSON.parse((await read(`results/${id}`))!)).toMatchObject({ status: 'ok' });
  });

  it('fires every schedule on tick and the data changes', async () => {
    const before = Number(await read('counter/n'));
    const res = await fetch(url('/api/tick?wait=1'), { method: 'POST', headers: auth() });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { runs: unknown[] }).runs).toEqual([expect.objectContaining({ job: 'bump', status: 'ok' })]);
    expect(Number(await read('counter/n'))).toBe(before + 1);
  });

  it('records a failing job as an error result', async () => {
    const id = await trigger('fail');
    await fx.server.idle();
    expect(JSON.parse((await read(`results/${id}`))!)).toMatchObject({ status: 'error', error: { message: expect.stringContaining('always fails') } });
  });

  it('keeps serving after a job process crashes, and records the crash as its result', async () => {
    const id = await trigger('crash');
    await fx.server.idle();
    expect(fx.lines.some((l) => l.startsWith(`job crash ${id} error`))).toBe(true);
    expect(JSON.parse((await read(`results/${id}`))!)).toMatchObject({ status: 'error', error: { code: 'E_JOB_FAILED' } });
    expect((await fetch(url('/api/head'))).status).toBe(200);
    const again = await trigger('bump');
    await fx.server.idle();
    expect(JSON.parse((await read(`results/${again}`))!)).toMatchObject({ status: 'ok' });
  });

  it('rejects malformed requests over the wire with a 4xx JSON error', async () => {
    const cases: [RequestInit & { path: string }, number][] = [
      [{ path: '/api/trigger', method: 'POST', headers: auth(), body: 'not json' }, 400],
      [{ path: '/api/trigger', method: 'POST', headers: auth(), body: 'x'.repeat(2 * 1024 * 1024) }, 413],
      [{ path: '/api/trigger', method: 'POST', headers: auth(), body: '{"job":"nope"}' }, 404],
      [{ path: '/api/trigger', method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"job":"bump"}' }, 401],
      [{ path: '/api/file/zz/a' }, 400],
      [{ path: '/git/other.git/info/refs' }, 401], // no credential
    ];
    for (const [{ path, ...init }, status] of cases) {
      const res = await fetch(url(path), init);
      expect([path, res.status]).toEqual([path, status]);
      expect(typeof ((await res.json()) as { error?: unknown }).error).toBe('string');
    }
  });

  it('serves the data remote over smart HTTP and the Pages build with the forge settings', async () => {
    const { stdout } = await run('git', ['ls-remote', fx.server.remoteUrl]);
    expect(stdout).toContain('refs/heads/data');
    const html = await (await fetch(url('/'))).text();
    expect(html).toContain(`<meta name="gfa-forge" content='{"forge":"local","url":"${fx.server.url}"}'>`);
    expect((await fetch(url('/main.js'))).status).toBe(200);
    const keysFile = (await (await fetch(url('/.gfa/keys.json'))).json()) as { version: number; kdf: { alg: string } };
    expect(keysFile).toMatchObject({ version: 1, kdf: { alg: 'argon2id13' } });
    expect(JSON.stringify(keysFile)).not.toContain(fx.server.triggerToken);
  });
});
