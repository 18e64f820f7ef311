import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isGfaError } from '../../framework/errors.ts';
import { gitDriver } from '../../framework/store/drivers/git.ts';
import { committerFromEnv, DEFAULT_COMMITTER } from '../../framework/store/git/identity.ts';
import { createStore } from '../../framework/store/store.ts';
import { git, setupBare, tempDir } from './helpers/git-fixtures.ts';

const tmp = tempDir('identity');
afterAll(() => tmp.remove());

describe('committer of data commits', () => {
  it('defaults to the CI identity the forge gives, overridable, else gfa', () => {
    expect(committerFromEnv({})).toEqual(DEFAULT_COMMITTER);
    expect(committerFromEnv({ GITHUB_ACTOR: 'octocat', GITHUB_ACTOR_ID: '583231' })).toEqual({ name: 'octocat', email: '583231+octocat@users.noreply.github.com' });
    expect(committerFromEnv({ GITLAB_USER_LOGIN: 'jdoe', GITLAB_USER_EMAIL: 'jdoe@example.com' })).toEqual({ name: 'jdoe', email: 'jdoe@example.com' });
    expect(committerFromEnv({ GITLAB_USER_EMAIL: 'jdoe@example.com', GFA_COMMITTER_NAME: 'Bot', GFA_COMMITTER_EMAIL: 'bot@example.com' })).toEqual({ name: 'Bot', email: 'bot@example.com' });
    const err = (() => {
      try {
        committerFromEnv({ GFA_COMMITTER_EMAIL: 'a>b\nc' });
      } catch (e) {
        return e;
      }
    })();
    expect(isGfaError(err, 'E_CONFIG')).toBe(true);
    expect((err as Error).message).toMatch(/GFA_COMMITTER_EMAIL/);
  });

  it('commits carry the configured committer', async () => {
    const remote = join(tmp.dir, 'r.git');
    await setupBare(remote);
    const store = createStore(gitDriver({ remote, committer: { name: 'GitLab Bot', email: 'bot@example.com' } }));
    await store.set('k', 'v');
    await store.close();
    expect((await git(remote, 'log', '-1', '--format=%cn <%ce> / %an <%ae>', 'data')).trim()).toBe('GitLab Bot <bot@example.com> / GitLab Bot <bot@example.com>');
  });
});
