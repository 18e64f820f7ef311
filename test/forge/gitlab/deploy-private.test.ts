/**
 * `gfa deploy --forge gitlab` on a private project without GITLAB_READ_TOKEN, against the GitLab double
 * (a test double, not GitLab): on GitLab.com's Free tier project access tokens are not available
 * (Premium or Ultimate only), so the line says what works there; elsewhere it asks for one (issue 22).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GitlabDev } from '../../../framework/dev/gitlab/server.ts';
import { gfaGitlab, startEmulator } from './helpers.ts';

let gl: GitlabDev;
beforeAll(async () => {
  gl = await startEmulator({ pipelines: false, visibility: 'private', plan: 'free' });
});
afterAll(() => gl?.close());

const deploy = () => gfaGitlab(gl, 'deploy', ['--yes'], { GFA_PASSPHRASE: 'private project quokka lantern tundra', GITLAB_READ_TOKEN: '' });

describe('gfa deploy on a private GitLab project without a read token', () => {
  it('on the Free tier: says project access tokens need Premium or Ultimate and what works instead, before any write', async () => {
    const before = gl.state.writes;
    const r = await deploy();
    expect(r.code).toBe(1);
    const line = r.stderr.trim().split('\n').at(-1)!;
    expect(line).toMatch(/group\/sub\/rss is private: the page needs a read token \(GITLAB_READ_TOKEN\), and on GitLab\.com's Free tier project access tokens are not available \(Premium or Ultimate only\)/);
    expect(line).toMatch(/make the project public to use the page in a browser \(the data branch stays encrypted\), or set GITLAB_READ_TOKEN to a personal access token \(read_api \+ read_repository\) of a separate account that is a Reporter on this project only/);
    expect(gl.state.writes).toBe(before);
  });

  it('on a paid tier or a self-managed instance: asks for a project access token', async () => {
    for (const plan of ['premium', undefined] as const) {
      gl.state.project.namespace.plan = plan;
      const r = await deploy();
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/group\/sub\/rss is private: the page needs a read token \(GITLAB_READ_TOKEN\); create a project access token \(Reporter, read_api \+ read_repository\) and set GITLAB_READ_TOKEN/);
      expect(r.stderr).not.toMatch(/Free tier/);
    }
  });
});
