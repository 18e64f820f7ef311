import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isGfaError } from '../../framework/errors.ts';
import { generateSecretKey } from '../../framework/crypto/keys.ts';
import { openStore, storeOptionsFromEnv } from '../../framework/store/open.ts';
import { git, setupBare, tempDir } from './helpers/git-fixtures.ts';

const tmp = tempDir('store-open');
afterAll(() => tmp.remove());

describe('storeOptionsFromEnv', () => {
  it('reads GFA_* variables; overrides win; defaults', () => {
    expect(storeOptionsFromEnv({ GFA_REMOTE: '/r.git' })).toEqual({ remote: '/r.git', branch: 'data', history: 'squash' });
    expect(storeOptionsFromEnv({ GFA_REMOTE: '/r.git', GFA_BRANCH: 'b', GFA_HISTORY: 'keep', GFA_SECRET_KEY: 'k1,k2', GFA_CACHE_DIR: '/c' }, { remote: '/o.git', branch: 'x' })).toEqual({
      remote: '/o.git',
      branch: 'x',
      history: 'keep',
      secretKeys: 'k1,k2',
      cacheDir: '/c',
    });
  });

  it('says what is missing or wrong', () => {
    expect(() => storeOptionsFromEnv({})).toThrow('no data remote: pass --remote URL or set GFA_REMOTE');
    const err = (() => {
      try {
        storeOptionsFromEnv({ GFA_REMOTE: '/r', GFA_HISTORY: 'never' });
      } catch (e) {
        return e;
      }
    })();
    expect(isGfaError(err, 'E_USAGE')).toBe(true);
  });
});

describe('openStore', () => {
  it('opens a plaintext store, or an encrypted one when keys are given', async () => {
    const remote = join(tmp.dir, 'r.git');
    await setupBare(remote);
    const plain = await openStore({ remote, branch: 'plain' });
    await plain.set('a', 'visible');
    await plain.close();
    expect(await git(remote, 'show', 'plain:a')).toBe('visible');

    const key = await generateSecretKey();
    const sealed = await openStore({ remote, branch: 'sealed', secretKeys: key, cacheDir: join(tmp.dir, 'cache') });
    await sealed.set('a', 'hidden value');
    expect(await sealed.get('a')).toBe('hidden value');
    await sealed.close();
    expect(await git(remote, 'cat-file', '-p', 'sealed:a')).not.toContain('hidden value');
    const reopened = await openStore(storeOptionsFromEnv({ GFA_REMOTE: remote, GFA_BRANCH: 'sealed', GFA_SECRET_KEY: key }));
    expect(await reopened.get('a')).toBe('hidden value');
    await reopened.close();
  });

  it('rejects a bad key text before touching the remote', async () => {
    const err = await openStore({ remote: join(tmp.dir, 'none.git'), secretKeys: 'not-a-key' }).catch((e: unknown) => e);
    expect(isGfaError(err)).toBe(true);
    expect((err as Error).message).not.toContain('not-a-key');
  });
});
