/**
 * `gfa deploy --forge gitlab` always says where the Pages site is: its address on stdout where gfa can
 * name it (gitlab.com), else one line saying where GitLab shows it. On the GitLab emulator (a test
 * double, not GitLab), whose URL is not gitlab.com.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GitlabDev } from '../../framework/dev/gitlab/server.ts';
import { pagesUrlOf } from '../../framework/forge/gitlab/deploy.ts';
import { gfaGitlab, startEmulator } from '../forge/gitlab/helpers.ts';

let gl: GitlabDev;
beforeAll(async () => {
  gl = await startEmulator();
}, 60_000);
afterAll(async () => {
  await gl?.close();
});

describe('gfa deploy --forge gitlab and the Pages address', () => {
  it('names the gitlab.com address', () => {
    expect(pagesUrlOf('group/sub/rss', 'https://gitlab.com')).toBe('https://group.gitlab.io/sub/rss/');
  });

  it('elsewhere, says where GitLab shows it', async () => {
    const r = await gfaGitlab(gl, 'deploy', ['--yes'], { GFA_PASSPHRASE: 'orbit lantern copper meadow violin glacier' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`deploy: Pages: the site's address is under Deploy > Pages of ${gl.project} once the pipeline on the default branch has run`);
  }, 120_000);
});
