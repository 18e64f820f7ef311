import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleGitHttp } from '../../framework/dev/git-http.ts';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isGfaError } from '../../framework/errors.ts';
import { gitDriver } from '../../framework/store/drivers/git.ts';
import { GitCache } from '../../framework/store/git/cache.ts';
import { createStore } from '../../framework/store/store.ts';
import { startGitServer, type GitServer } from '../helpers/git-server.ts';
import { git, setupBare, tempDir } from './helpers/git-fixtures.ts';

const tmp = tempDir('store-branch');
let server: GitServer;
let n = 0;
beforeAll(async () => {
  server = await startGitServer();
});
afterAll(async () => {
  await server.close();
  tmp.remove();
});

async function bare(): Promise<string> {
  const dir = join(tmp.dir, `r${n++}.git`);
  await setupBare(dir);
  return dir;
}

const treeOf = async (repo: string, rev: string) => (await git(repo, 'rev-parse', rev)).trim();

describe('git data branch', () => {
  it('rewrites only the trees on the path of a changed key', async () => {
    const remote = await bare();
    const store = createStore(gitDriver({ remote }));
    await store.transaction(async (tx) => {
      for (const k of ['a/x/1', 'a/y/1', 'b/z/1', 'top']) tx.set(k, k);
    });
    const before = Object.fromEntries(await Promise.all(['data^{tree}', 'data:a', 'data:a/x', 'data:a/y', 'data:b', 'data:b/z', 'data:top'].map(async (r) => [r, await treeOf(remote, r)])));
    await store.set('a/x/2', 'new');
    const after = Object.fromEntries(await Promise.all(Object.keys(before).map(async (r) => [r, await treeOf(remote, r)])));
    for (const changed of ['data^{tree}', 'data:a', 'data:a/x']) expect(after[changed], changed).not.toBe(before[changed]);
    for (const same of ['data:a/y', 'data:b', 'data:b/z', 'data:top']) expect(after[same], same).toBe(before[same]);
    await git(remote, 'fsck', '--strict');
    await store.close();
  });

  it('squash makes every commit a root commit; keep makes linear history', async () => {
    const remote = await bare();
    const squash = createStore(gitDriver({ remote }));
    await squash.set('a', '1');
    await squash.set('a', '2');
    expect((await git(remote, 'rev-list', '--parents', 'data')).trim().split(' ')).toHaveLength(1);
    await squash.close();
    const keep = createStore(gitDriver({ remote, history: 'keep' }));
    await keep.set('a', '3');
    await keep.set('b', '4');
    expect((await git(remote, 'rev-list', '--count', 'data')).trim()).toBe('3');
    expect((await git(remote, 'rev-list', '--merges', 'data')).trim()).toBe('');
    expect(await git(remote, 'show', 'data~1:a')).toBe('3');
    await keep.close();
  });

  it('creates the branch on the first write and reads a missing branch as empty', async () => {
    const remote = await bare();
    const work = join(tmp.dir, `w${n++}`);
    await git(tmp.dir, 'init', '-q', '-b', 'main', work);
    await git(work, '-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-q', '--allow-empty', '-m', 'app');
    await git(work, 'push', '-q', remote, 'main');
    const store = createStore(gitDriver({ remote, branch: 'my-data' }));
    expect(await store.list()).toEqual([]);
    await store.delete('nothing'); // nothing to commit: still no branch
    expect(await git(remote, 'ls-remote', remote, 'refs/heads/my-data')).toBe('');
    await store.set('k', 'v');
    expect(await git(remote, 'show', 'my-data:k')).toBe('v');
    expect((await git(remote, 'rev-parse', 'main')).trim()).toMatch(/^[0-9a-f]{40}$/);
    await store.close();
  });

  it('pushes only with a lease: stale or "must not exist" leases are rejected and change nothing', async () => {
    const remote = await bare();
    const store = createStore(gitDriver({ remote, history: 'keep' }));
    await store.set('a', '1');
    const first = (await git(remote, 'rev-parse', 'data')).trim();
    await store.set('a', '2');
    const head = (await git(remote, 'rev-parse', 'data')).trim();
    const cacheDir = join(tmp.dir, `c${n++}`);
    const cache = await GitCache.open(cacheDir, remote);
    expect(await cache.fetchHead('data')).toBe(head);
    await cache.fetchObjects([first]); // this test pushes an old commit (haves = [first]: the pack is empty)
    expect((await cache.push('data', first, undefined, [first])).result).toBe('rejected');
    expect((await cache.push('data', first, first, [first])).result).toBe('rejected');
    expect((await git(remote, 'rev-parse', 'data')).trim()).toBe(head);
    expect(await cache.lsRemote('data')).toBe(head);
    expect((await cache.push('data', first, head, [first])).result).toBe('ok');
    expect(await cache.lsRemote('data')).toBe(first);
    expect(await cache.lsRemote('nope')).toBeUndefined();
    // the cache's config is never written (a shared cache must not contend on config.lock)
    expect(readFileSync(join(cacheDir, 'config'), 'utf8')).not.toMatch(/remote|promisor/);
    cache.close();
    await store.close();
  });

  it('fetches blob-less over HTTP: reading one key transfers far less than the values', async () => {
    server.createRepo('big');
    const writer = createStore(gitDriver({ remote: server.url('big') }));
    await writer.transaction(async (tx) => {
      for (let i = 0; i < 40; i++) tx.set(`v/${String(i).padStart(2, '0')}`, randomBytes(100_000));
    });
    await writer.close();
    const reader = createStore(gitDriver({ remote: server.url('big') }));
    const start = server.requests.bytesOut;
    expect((await reader.getBytes('v/17'))?.length).toBe(100_000);
    const used = server.requests.bytesOut - start;
    expect(used).toBeLessThan(150_000); // the values total 4 MB
    expect(used).toBeGreaterThan(100_000);
    expect(await reader.list('v/')).toHaveLength(40);
    await reader.close();
  });

  it('an ambiguous push (connection dropped after the remote updated) is checked with ls-remote, not retried', async () => {
    const root = join(tmp.dir, `amb${n++}`);
    const repo = join(root, 'r.git');
    await setupBare(repo);
    await git(repo, 'config', 'http.receivepack', 'true');
    let dropped = 0;
    const srv = createServer((req, res) => {
      if (req.method === 'POST' && req.url?.endsWith('/git-receive-pack') && dropped === 0) {
        dropped++;
        // Let git-http-backend apply the push, but never deliver its answer.
        res.write = (() => true) as typeof res.write;
        res.end = ((..._a: unknown[]) => (req.socket.destroy(), res)) as typeof res.end;
      }
      void handleGitHttp(req, res, { projectRoot: root });
    });
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(srv.address() as AddressInfo).port}/r.git`;
    try {
      const store = createStore(gitDriver({ remote: url }));
      let runs = 0;
      await store.transaction(async (tx) => {
        runs++;
        tx.set('k', 'v');
      });
      expect(dropped).toBe(1);
      expect(runs).toBe(1);
      expect(await git(repo, 'show', 'data:k')).toBe('v');
      await store.close();
    } finally {
      srv.closeAllConnections();
      await new Promise((r) => srv.close(r));
    }
  });

  it('a push the remote refuses for another reason (a hook) fails at once with E_REMOTE', async () => {
    const remote = await bare();
    writeFileSync(join(remote, 'hooks/pre-receive'), '#!/bin/sh\necho "protected branch" >&2\nexit 1\n', { mode: 0o755 });
    const store = createStore(gitDriver({ remote }));
    let runs = 0;
    const err = await store.transaction(async (tx) => void (runs++, tx.set('k', 'v'))).catch((e: unknown) => e);
    expect(isGfaError(err, 'E_REMOTE')).toBe(true);
    expect((err as Error).message).toMatch(/was refused/);
    expect(runs).toBe(1);
    expect(await git(remote, 'ls-remote', remote)).toBe('');
    await store.close();
  });

  it('never shows credentials in errors', async () => {
    server.createRepo('secret');
    const url = server.url('secret').replace('test-password', 'wrong-pass-123');
    const store = createStore(gitDriver({ remote: url }));
    const err = await store.get('a').catch((e: unknown) => e);
    expect(isGfaError(err, 'E_REMOTE')).toBe(true);
    expect((err as Error).message).not.toContain('wrong-pass-123');
    expect((err as Error).message).not.toContain('\n');
    await store.close();
  });
});
