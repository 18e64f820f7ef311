/**
 * Our protocol-v2 fetch against real `git upload-pack`: over a pipe (path and file:// remotes) and
 * through `git http-backend` (smart HTTP with Basic auth), plus the fallback for v0-only servers.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleGitHttp } from '../../framework/dev/git-http.ts';
import { readPack } from '../../framework/store/git/pack-read.ts';
import { openUploadPack, type UploadPack } from '../../framework/store/git/upload-pack.ts';
import { gitDriver } from '../../framework/store/drivers/git.ts';
import { createStore } from '../../framework/store/store.ts';
import { startGitServer, type GitServer } from '../helpers/git-server.ts';
import { git, setupBare, tempDir } from './helpers/git-fixtures.ts';

/** Fills `bare` with two commits on `data`: a/b/c.txt, top.txt; returns the shas involved. */
async function seed(bare: string, work: string): Promise<{ head: string; parent: string; root: string; a: string; ab: string; blob: string }> {
  const { mkdir, writeFile } = await import('node:fs/promises');
  await mkdir(work, { recursive: true });
  await git(work, 'init', '-q', '-b', 'data', '.');
  await git(work, 'config', 'user.name', 't');
  await git(work, 'config', 'user.email', 't@t');
  await git(work, 'commit', '-q', '--allow-empty', '-m', 'first');
  await mkdir(join(work, 'a/b'), { recursive: true });
  await writeFile(join(work, 'a/b/c.txt'), 'deep value\n');
  await writeFile(join(work, 'top.txt'), 'top value\n');
  await git(work, 'add', '.');
  await git(work, 'commit', '-q', '-m', 'second');
  await git(work, 'push', '-q', bare, 'data');
  const rev = async (r: string) => (await git(work, 'rev-parse', r)).trim();
  return { head: await rev('HEAD'), parent: await rev('HEAD~1'), root: await rev('HEAD^{tree}'), a: await rev('HEAD:a'), ab: await rev('HEAD:a/b'), blob: await rev('HEAD:top.txt') };
}

function shasOf(pack: Buffer): string[] {
  return readPack(pack).map((o) => `${o.type} ${o.sha}`).sort();
}

describe('upload-pack over protocol v2', () => {
  const tmp = tempDir('upload-pack');
  let server: GitServer;
  let shas: Awaited<ReturnType<typeof seed>>;
  let pathRemote: string;

  beforeAll(async () => {
    server = await startGitServer();
    pathRemote = join(tmp.dir, 'remote.git');
    await setupBare(pathRemote);
    shas = await seed(pathRemote, join(tmp.dir, 'work'));
    await git(pathRemote, 'push', '-q', server.createRepo('served'), 'data');
  });
  afterAll(async () => {
    await server.close();
    tmp.remove();
  });

  const remotes: [string, () => string][] = [
    ['a path', () => pathRemote],
    ['a file:// URL', () => pathToFileURL(pathRemote).href],
    ['smart HTTP with Basic auth', () => server.url('served')],
  ];

  for (const [what, remote] of remotes) {
    describe(what, () => {
      let up: UploadPack;
      beforeAll(async () => {
        const opened = await openUploadPack(remote(), tmp.dir);
        if (!opened) throw new Error('expected a protocol v2 server');
        up = opened;
      });
      afterAll(() => up.close());

      it('reads a branch head, and nothing for a missing branch', async () => {
        expect(await up.lsRef('refs/heads/data')).toBe(shas.head);
        expect(await up.lsRef('refs/heads/missing')).toBeUndefined();
        // a prefix of another ref is not that ref
        expect(await up.lsRef('refs/heads/dat')).toBeUndefined();
      });

      it('fetches the head commit with its root tree only (depth 1, tree:1)', async () => {
        const pack = await up.fetch({ wants: [shas.head], depth: 1, filter: 'tree:1' });
        expect(shasOf(pack)).toEqual([`commit ${shas.head}`, `tree ${shas.root}`].sort());
      });

      it('fetches one tree alone by id (tree:0), and a tree with its subtrees but no blobs (blob:none)', async () => {
        expect(shasOf(await up.fetch({ wants: [shas.a], filter: 'tree:0' }))).toEqual([`tree ${shas.a}`]);
        expect(shasOf(await up.fetch({ wants: [shas.a], filter: 'blob:none' }))).toEqual([`tree ${shas.a}`, `tree ${shas.ab}`].sort());
        expect(shasOf(await up.fetch({ wants: [shas.blob, shas.ab], filter: 'tree:0' }))).toEqual([`blob ${shas.blob}`, `tree ${shas.ab}`].sort());
      });

      it('refuses an object the remote does not have, in one line without credentials', async () => {
        const opened = (await openUploadPack(remote(), tmp.dir))!;
        try {
          const err = await opened.fetch({ wants: ['1'.repeat(40)], filter: 'tree:0' }).then(() => undefined, (e: Error) => e);
          expect(err?.message).toMatch(/not our ref|upload-pack|HTTP/);
          expect(err?.message).not.toContain('test-password');
          expect(err?.message.split('\n')).toHaveLength(1);
        } finally {
          opened.close();
        }
      });
    });
  }

  it('says when the credentials are wrong, without printing them', async () => {
    const url = server.url('served').replace('test-password', 'wrong-secret');
    const err = await openUploadPack(url, tmp.dir).then(() => undefined, (e: Error) => e);
    expect(err?.message).toMatch(/HTTP 401/);
    expect(err?.message).not.toContain('wrong-secret');
  });

  it('answers reads from one long-lived process in order, however many are in flight', async () => {
    const up = (await openUploadPack(pathRemote, tmp.dir))!;
    try {
      const [x, y, z] = await Promise.all([up.lsRef('refs/heads/data'), up.fetch({ wants: [shas.blob], filter: 'tree:0' }), up.fetch({ wants: [shas.ab], filter: 'tree:0' })]);
      expect(x).toBe(shas.head);
      expect(shasOf(y)).toEqual([`blob ${shas.blob}`]);
      expect(shasOf(z)).toEqual([`tree ${shas.ab}`]);
    } finally {
      up.close();
    }
  });

  describe('a server that answers only protocol v0', () => {
    let v0: Server;
    let url: string;
    beforeAll(async () => {
      // git http-backend behind a proxy that drops the Git-Protocol header: the server speaks v0.
      v0 = createServer((req, res) => {
        delete req.headers['git-protocol'];
        void handleGitHttp(req, res, { projectRoot: server.root, prefix: '/git', remoteUser: 'gfa' });
      });
      await new Promise<void>((r) => v0.listen(0, '127.0.0.1', r));
      url = `http://127.0.0.1:${(v0.address() as AddressInfo).port}/git/served.git`;
    });
    afterAll(async () => {
      v0.closeAllConnections();
      await new Promise<void>((r) => v0.close(() => r()));
    });

    it('is recognised (openUploadPack gives undefined)', async () => {
      expect(await openUploadPack(url, tmp.dir)).toBeUndefined();
    });

    it('still works as a store remote, through git fetch', async () => {
      const store = createStore(gitDriver({ remote: url }));
      try {
        expect(await store.get('top.txt')).toBe('top value\n');
        await store.set('from-v0', 'ok');
        expect(await store.get('from-v0')).toBe('ok');
        expect(await store.get('a/b/c.txt')).toBe('deep value\n');
      } finally {
        await store.close();
      }
    });
  });
});

describe('a moved repository (HTTP redirects, as forges send for a renamed repo)', () => {
  it('follows the discovery redirect and sends the fetch and the push where it led', async () => {
    const server = await startGitServer();
    const seen: string[] = [];
    const proxy = createServer((req, res) => {
      seen.push(`${req.method} ${req.url}`);
      if (req.url?.startsWith('/git/old.git/')) {
        res.writeHead(301, { location: req.url.replace('/git/old.git/', '/git/new.git/') }).end();
        return;
      }
      void handleGitHttp(req, res, { projectRoot: server.root, prefix: '/git', remoteUser: 'gfa' });
    });
    try {
      server.createRepo('new');
      await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
      const url = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}/git/old.git`;
      const store = createStore(gitDriver({ remote: url }));
      await store.set('moved', 'yes');
      await store.close();
      const again = createStore(gitDriver({ remote: url }));
      expect(await again.get('moved')).toBe('yes');
      await again.close();
      expect(seen.filter((l) => l.startsWith('POST /git/old.git'))).toEqual([]);
      expect(seen.some((l) => l.startsWith('POST /git/new.git/git-receive-pack'))).toBe(true);
    } finally {
      proxy.closeAllConnections();
      await new Promise<void>((r) => proxy.close(() => r()));
      await server.close();
    }
  });
});
