/** The client SDK in Node against a real `gfa dev`: the shared forge suite, unlock, trigger → result, kv reads. */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type Client } from '../../framework/client/index.ts';
import { localForge } from '../../framework/forge/local/client.ts';
import { isGfaError } from '../../framework/errors.ts';
import { startFixtureServer, type FixtureServer } from '../dev/helpers/fixture.ts';
import { runForgeSuite } from './forge-suite.ts';

const run = promisify(execFile);
let fx: FixtureServer;
beforeAll(async () => {
  fx = await startFixtureServer();
});
afterAll(async () => fx?.stop());

runForgeSuite('local', () => ({ forge: localForge({ url: fx.server.url }), credential: fx.server.triggerToken, job: { name: 'bump' } }));

describe('client SDK (local, Node)', () => {
  let client: Client;
  beforeAll(() => {
    client = connect({ forge: 'local', url: fx.server.url });
  });

  it('refuses to trigger while locked', async () => {
    expect(client.unlocked).toBe(false);
    await expect(client.trigger('bump')).rejects.toMatchObject({ code: 'E_PASSPHRASE' });
  });

  it('rejects a wrong passphrase with E_PASSPHRASE', async () => {
    const err = await client.unlock('wrong passphrase', { allowWeak: true }).catch((e: unknown) => e);
    expect(isGfaError(err, 'E_PASSPHRASE')).toBe(true);
    expect(client.unlocked).toBe(false);
  });

  it('refuses the weak test KDF limits unless allowed', async () => {
    await expect(client.unlock('correct horse battery staple')).rejects.toThrow();
  });

  it('unlocks, triggers and awaits the result, then reads the data', async () => {
    await client.unlock('correct horse battery staple', { allowWeak: true });
    expect(client.unlocked).toBe(true);
    const started = await client.trigger<{ n: number }>('bump', { by: 5 });
    expect(started.requestId).toMatch(/^0[0-9a-z]{8}-[A-Za-z0-9_-]{16}$/);
    const { n } = await started.result();
    expect(n).toBeGreaterThanOrEqual(5);
    expect(await client.kv.get('counter/n')).toBe(String(n));
    expect(await client.kv.list('counter/')).toEqual(['counter/n']);
    expect(await client.kv.list('results/')).toContain(`results/${started.requestId}`);
    expect(await client.kv.get('no/such/key')).toBeUndefined();
  });

  it('rejects result() with the job error code and message', async () => {
    const failing = await client.trigger('fail');
    await expect(failing.result()).rejects.toMatchObject({ message: expect.stringContaining('always fails') });
    const crashed = await client.trigger('crash');
    await expect(crashed.result()).rejects.toMatchObject({ code: 'E_JOB_FAILED' });
  });

  it('rejects an input the job refuses, with the job error code', async () => {
    const bad = await client.trigger('bump', { by: -1 });
    await expect(bad.result()).rejects.toMatchObject({ code: 'E_INPUT' });
  });

  it('reads JSON values written by a job', async () => {
    await (await client.trigger('note', { key: 'hello', text: 'hi <b>there</b>' })).result();
    expect(await client.kv.getJson('notes/hello')).toEqual({ text: 'hi <b>there</b>' });
  });

  it('refuses a head tampered by hand or rolled back, and reads again once it is restored', async () => {
    const repo = join(fx.dir, '.gfa/local/remote.git');
    const git = async (args: string[], env: Record<string, string> = {}) => (await run('git', args, { cwd: repo, env: { ...process.env, ...env } })).stdout.trim();
    const older = await git(['rev-parse', 'refs/heads/data']);
    expect(await client.kv.get('counter/n')).toBeDefined();
    await (await client.trigger('bump', { by: 1 })).result();
    const good = await git(['rev-parse', 'refs/heads/data']);
    expect(await client.kv.get('counter/n')).toBeDefined();
    const head = await client.forge.head();
    const commit = await client.forge.commit!((head as { sha: string }).sha);
    expect(commit.message).toMatch(/\ngfa-mac: v1 \d+ /);
    // The same message (trailer and all) on a tree with a key removed by hand.
    const id = { GIT_AUTHOR_NAME: 'x', GIT_AUTHOR_EMAIL: 'x@x', GIT_COMMITTER_NAME: 'x', GIT_COMMITTER_EMAIL: 'x@x' };
    const tree = (await run('sh', ['-c', "git ls-tree refs/heads/data | grep -v '\tnotes$' | git mktree"], { cwd: repo })).stdout.trim();
    const forged = await git(['commit-tree', tree, '-m', commit.message], id);
    await git(['update-ref', 'refs/heads/data', forged]);
    await expect(client.kv.get('counter/n')).rejects.toMatchObject({ code: 'E_TAMPERED' });
    await expect(client.kv.list('counter/')).rejects.toMatchObject({ code: 'E_TAMPERED' });
    await git(['update-ref', 'refs/heads/data', good]);
    expect(await client.kv.get('counter/n')).toBeDefined();
    // The trailer removed (same tree): a client with no memory yet tells by the values sealed since heads are signed.
    const stripped = await git(['commit-tree', commit.tree, '-m', 'gfa: update'], id);
    await git(['update-ref', 'refs/heads/data', stripped]);
    const fresh = connect({ forge: 'local', url: fx.server.url });
    await fresh.unlock('correct horse battery staple', { allowWeak: true });
    await expect(fresh.kv.get('counter/n')).rejects.toMatchObject({ code: 'E_TAMPERED' });
    await expect(client.kv.get('counter/n')).rejects.toMatchObject({ code: 'E_ROLLBACK' }); // this one has seen a signed head
    await git(['update-ref', 'refs/heads/data', good]);
    // A force-push of an older, validly signed head: this client has seen a higher counter.
    await git(['update-ref', 'refs/heads/data', older]);
    await expect(client.kv.get('counter/n')).rejects.toMatchObject({ code: 'E_ROLLBACK' });
    await git(['update-ref', 'refs/heads/data', good]);
    expect(await client.kv.get('counter/n')).toBeDefined();
  });

});

describe('client SDK (local, Node) on an unencrypted app', () => {
  let plain: FixtureServer;
  beforeAll(async () => {
    plain = await startFixtureServer('counter');
  });
  afterAll(async () => plain?.stop());

  it('triggers and reads plain values (no data key in the keys file)', async () => {
    const client = connect({ forge: 'local', url: plain.server.url });
    await client.unlock('correct horse battery staple', { allowWeak: true });
    const { n } = await (await client.trigger<{ n: number }>('bump', { by: 4 })).result();
    expect(n).toBe(4);
    expect(await client.kv.get('n')).toBe('4');
    const raw = await client.forge.readFile((await client.forge.head() as { sha: string }).sha, 'n');
    expect(new TextDecoder().decode(raw)).toBe('4');
  });
});
