/**
 * The rss-reader with `session` on, deployed on `gfa dev --as gitlab` (a test double of GitLab, not
 * GitLab), as the session tests use it: pipelines side by side through gitlab-ci-local (as GitLab's
 * autoscaled runners take them), the sample feed server, `gfa deploy` with the real Argon2id limits,
 * and GFA_PUSH_TOKEN, which a session on GitLab needs (a token with the Developer role, as a project
 * access token with the `api` scope would be: CI_JOB_TOKEN cannot use the pipelines API). Always `stop()` it.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { startFeedServer, type FeedServer } from '../../apps/rss-reader/samples/feed-server.ts';
import { setTestKdf } from '../../framework/cli/forge-args.ts';
import { startGitlabDev, type GitlabDev } from '../../framework/dev/gitlab/server.ts';
import { runMain } from '../cli/helpers/main.ts';
import { withSession } from './session-app.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export interface GitlabSessionReader {
  dir: string;
  gl: GitlabDev;
  feeds: FeedServer;
  stop(): Promise<void>;
}

/** Copies the reader with `session: { idleSeconds, maxSeconds }`, starts the double, deploys, sets GFA_PUSH_TOKEN. */
export async function startGitlabSessionReader(o: { prefix: string; passphrase: string; runnerStartMs: number; idleSeconds: number; maxSeconds: number }): Promise<GitlabSessionReader> {
  mkdirSync(join(root, 'tmp'), { recursive: true });
  const dir = mkdtempSync(join(root, 'tmp', `${o.prefix}-`));
  cpSync(join(root, 'apps', 'rss-reader'), dir, { recursive: true, filter: (src) => !/[\\/](dist|\.gfa|node_modules)$/.test(src) });
  withSession(dir, o.idleSeconds, o.maxSeconds);
  // The double's jobs inherit this process's environment (GFA_*, CI_*, GITHUB_* and GITLAB_* left out): the sample feeds are on loopback.
  process.env.RSS_ALLOW_LOOPBACK = '1';
  const [gl, feeds] = await Promise.all([
    startGitlabDev({ appDir: dir, build: true, path: 'group/sub/rss', runnerStartMs: o.runnerStartMs, parallelPipelines: true }),
    startFeedServer(),
  ]);
  const stop = async (): Promise<void> => {
    await feeds.close();
    await gl.close();
    rmSync(dir, { recursive: true, force: true });
  };
  await gl.idle();
  const passFile = join(mkdtempSync(join(tmpdir(), `gfa-${o.prefix}-`)), 'passphrase');
  writeFileSync(passFile, `${o.passphrase}\n`);
  // The real Argon2id limits: the client refuses a keys file with lower ones.
  try {
    const deployed = await runMain(['deploy', dir, '--forge', 'gitlab', '--repo', gl.project, '--passphrase-file', passFile, '--yes'], { GITLAB_TOKEN: gl.token, GITLAB_URL: gl.url, GFA_SECRET_KEY: '', GFA_PASSPHRASE: '' });
    expect(deployed.code, deployed.stderr).toBe(0);
  } finally {
    setTestKdf(undefined);
  }
  // The owner's token for sessions: the Developer role (list and cancel pipelines, push the data branch).
  const owner = gl.state.tokens.get(gl.token)!;
  const push = `glpat-${o.prefix}-push-token`;
  gl.state.tokens.set(push, { userId: owner.userId, role: 'developer' });
  const res = await fetch(`${gl.apiUrl}/projects/${gl.state.project.id}/variables`, {
    method: 'POST', headers: { 'private-token': gl.token, 'content-type': 'application/json' }, body: JSON.stringify({ key: 'GFA_PUSH_TOKEN', value: push, masked: true }),
  });
  expect(res.status).toBe(201);
  await gl.idle();
  return { dir, gl, feeds, stop };
}
