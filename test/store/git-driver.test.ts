import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { gitDriver } from '../../framework/store/drivers/git.ts';
import { startGitServer, type GitServer } from '../helpers/git-server.ts';
import { countUpdates, git, setupBare, tempDir } from './helpers/git-fixtures.ts';
import { runDriverSuite } from './driver-suite.ts';

let n = 0;

runDriverSuite('git (path remote, squash)', async () => {
  const tmp = tempDir('store-path');
  const bare = join(tmp.dir, 'remote.git');
  await setupBare(bare);
  return { driver: gitDriver({ remote: bare }), commits: () => countUpdates(bare), cleanup: async () => tmp.remove() };
});

runDriverSuite('git (file:// remote, keep, shared cacheDir)', async () => {
  const tmp = tempDir('store-file');
  const bare = join(tmp.dir, 'remote.git');
  await setupBare(bare);
  const driver = gitDriver({ remote: `file://${bare}`, history: 'keep', cacheDir: join(tmp.dir, 'cache') });
  return {
    driver,
    commits: async () => {
      const logged = await countUpdates(bare);
      if (logged > 0) expect(Number((await git(bare, 'rev-list', '--count', 'data')).trim())).toBe(logged);
      return logged;
    },
    cleanup: async () => tmp.remove(),
  };
});

let server: GitServer;
beforeAll(async () => {
  server = await startGitServer();
});
afterAll(async () => {
  await server.close();
});

runDriverSuite('git (http remote with basic auth)', async () => {
  const name = `suite${n++}`;
  const bare = server.createRepo(name);
  await git(bare, 'config', 'core.logAllRefUpdates', 'always');
  return { driver: gitDriver({ remote: server.url(name) }), commits: () => countUpdates(bare), cleanup: async () => {} };
});

