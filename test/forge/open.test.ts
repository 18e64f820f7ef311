/** `openForge`: which adapter each `--forge` gets, and the one-line errors for a missing token or a bad --repo. */
import { describe, expect, it } from 'vitest';
import { openForge } from '../../framework/forge/open.ts';

describe('openForge', () => {
  it('opens gitlab with GITLAB_TOKEN; --repo is a project path with subgroups', async () => {
    const forge = await openForge({ forge: 'gitlab', repo: 'group/sub/app' }, { GITLAB_TOKEN: 'glpat-x', GITLAB_URL: 'http://127.0.0.1:1' });
    expect(forge.name).toBe('gitlab');
    expect(forge.target).toEqual({ forge: 'gitlab', repo: 'group/sub/app' });
  });

  it('refuses gitlab without GITLAB_TOKEN, or with a one-segment --repo, in one line', async () => {
    await expect(openForge({ forge: 'gitlab', repo: 'group/app' }, {})).rejects.toMatchObject({ code: 'E_CONFIG', message: expect.stringMatching(/^no GitLab token: set GITLAB_TOKEN[^\n]*$/) });
    await expect(openForge({ forge: 'gitlab', repo: 'app' }, { GITLAB_TOKEN: 'x' })).rejects.toMatchObject({ code: 'E_USAGE', message: '--repo must be GROUP[/SUBGROUP…]/NAME, not "app"' });
  });

  it('opens github; refuses a forge it cannot set up', async () => {
    expect((await openForge({ forge: 'github', repo: 'o/r' }, { GITHUB_TOKEN: 't' })).name).toBe('github');
    await expect(openForge({ forge: 'local', repo: 'o/r' }, {})).rejects.toMatchObject({ code: 'E_USAGE', message: expect.stringContaining('--forge github or --forge gitlab') });
  });
});
