/**
 * GitHub allows the `tree:<depth>` filter only at depth 0 (git's `uploadpackfilter.tree.maxDepth=0`)
 * and refuses `tree:1` with "tree filter allows max depth 0". A store must then fetch a head as the
 * commit and its trees by id, over a pipe, over smart HTTP, and through `git fetch` (v0 servers).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleGitHttp } from '../../framework/dev/git-http.ts';
import { gitDriver } from '../../framework/store/drivers/git.ts';
import { createStore } from '../../framework/store/store.ts';
import { startGitServer, type GitServer } from '../helpers/git-server.ts';
import { git, setupBare, tempDir } from './helpers/git-fixtures.ts';

describe('a remote that allows only tree:0, like GitHub', () => {
  const tmp = tempDir('filter-policy');
  let server: GitServer;
  let v0: Server;
  let v0Port = 0;
  beforeAll(async () => {
    server = await startGitServer();
    // git http-backend behind a proxy that drops Git-Protocol: a v0 server, so git fetch is used.
    v0 = createServer((req, res) => {
      delete req.headers['git-protocol'];
      void handleGitHttp(req, res, { projectRoot: server.root, prefix: '/git', remoteUser: 'gfa' });
    });
    await new Promise<void>((r) => v0.listen(0, '127.0.0.1', r));
    v0Port = (v0.address() as AddressInfo).port;
  });
  afterAll(async () => {
    v0.closeAllConnections();
    await new Promise<void>((r) => v0.close(() => r()));
    await server.close();
    tmp.remove();
  });

  const remotes: [string, (name: string) => Promise<{ remote: string; bare: string }>][] = [
    ['a path remote', async (name) => {
      const bare = join(tmp.dir, `${name}.git`);
      await setupBare(bare);
      return { remote: bare, bare };
    }],
    ['smart HTTP, protocol v2', async (name) => ({ remote: server.url(name), bare: server.createRepo(name) })],
    ['smart HTTP, protocol v0 (git fetch)', async (name) => ({ remote: `http://127.0.0.1:${v0Port}/git/${name}.git`, bare: server.createRepo(name) })],
  ];

  let n = 0;
  for (const [what, make] of remotes) {
    it(`${what}: a fresh store reads and writes an existing branch`, async () => {
      const { remote, bare } = await make(`r${n++}`);
      const writer = createStore(gitDriver({ remote }));
      await writer.transaction(async (tx) => {
        tx.set('top', 'T');
        tx.set('a/b/c', 'deep');
        tx.set('results/old', '{}');
      });
      await writer.close();
      await git(bare, 'config', 'uploadpackfilter.tree.maxDepth', '0');
      const refused = await git(bare, 'config', 'uploadpackfilter.tree.maxDepth');
      expect(refused.trim()).toBe('0');

      for (const headDepth of [1, 2] as const) {
        const store = createStore(gitDriver({ remote, headDepth }));
        expect(await store.get('a/b/c')).toBe('deep');
        expect(await store.get('top')).toBe('T');
        expect(await store.list('results/')).toContain('results/old');
        await store.close();
        // a job-like transaction on a fresh store: read, write a result
        const job = createStore(gitDriver({ remote, headDepth }));
        await job.transaction(async (tx) => {
          tx.set(`results/r${headDepth}`, String(await tx.get('a/b/c')));
        });
        await job.close();
      }
      const check = createStore(gitDriver({ remote }));
      expect(await check.list('results/')).toEqual(['results/old', 'results/r1', 'results/r2']);
      expect(await check.get('results/r2')).toBe('deep');
      await check.close();
    });
  }
});
