/**
 * `prepare()`: a store starts talking to its remote before its first transaction (the job runtime
 * does this). The head it asked for may be stale by the time it is used: the push's lease must
 * still keep every concurrent write.
 */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { gitDriver } from '../../framework/store/drivers/git.ts';
import { openStore } from '../../framework/store/open.ts';
import { createStore } from '../../framework/store/store.ts';
import { startGitServer, type GitServer } from '../helpers/git-server.ts';
import { countUpdates, git, setupBare, tempDir } from './helpers/git-fixtures.ts';

describe('prepare', () => {
  const tmp = tempDir('prepare');
  let server: GitServer | undefined;
  afterAll(async () => {
    await server?.close();
    tmp.remove();
  });

  const remotes: [string, () => Promise<string>][] = [
    ['a path remote', async () => {
      const dir = join(tmp.dir, `r${Math.random().toString(36).slice(2)}.git`);
      await setupBare(dir);
      return dir;
    }],
    ['an http remote', async () => {
      server ??= await startGitServer();
      const name = `r${Math.random().toString(36).slice(2)}`;
      server.createRepo(name);
      return server.url(name);
    }],
  ];

  for (const [what, make] of remotes) {
    it(`${what}: a head that moved after prepare() costs a retry, not a lost write`, async () => {
      const remote = await make();
      const other = createStore(gitDriver({ remote }));
      await other.set('n', '1');
      const prepared = createStore(gitDriver({ remote, headDepth: 2 }));
      prepared.driver.prepare?.();
      await new Promise((r) => setTimeout(r, 300)); // the early ls-refs has been answered by now
      await other.set('n', '2'); // moves the head after that answer
      let runs = 0;
      await prepared.transaction(async (tx) => {
        runs++;
        tx.set('n', String(Number(await tx.get('n')) + 10));
      });
      expect(await other.get('n')).toBe('12');
      if (!/^http/.test(remote)) {
        expect(runs).toBe(2); // the stale head from prepare() was used, refused, and retried
        expect(await countUpdates(remote)).toBe(3);
      }
      await prepared.close();
      await other.close();
    });
  }

  it('an unused prepared store closes cleanly and pushes nothing', async () => {
    const remote = join(tmp.dir, 'unused.git');
    await setupBare(remote);
    const store = await openStore({ remote, prepare: true });
    await store.close();
    expect(await countUpdates(remote)).toBe(0);
    expect((await git(remote, 'for-each-ref')).trim()).toBe('');
  });

  it('a prepared store on a remote that does not exist fails in its transaction, in one line', async () => {
    const store = await openStore({ remote: join(tmp.dir, 'missing.git'), prepare: true });
    const err = await store.get('k').then(() => undefined, (e: Error) => e);
    expect(err?.message).toMatch(/missing\.git/);
    expect(err?.message.split('\n')).toHaveLength(1);
    await store.close();
  });
});
