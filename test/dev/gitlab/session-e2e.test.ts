/**
 * Sessions on `gfa dev --as gitlab` (issue 24), a test double of GitLab, not GitLab: the rss-reader
 * with `session` on, a runner start of a few seconds, and GFA_PUSH_TOKEN (a token with the Developer
 * role, as a project access token with the `api` scope would be: CI_JOB_TOKEN cannot use the pipelines
 * API). The first mark-read waits for a runner; the next ones, each sent by the client SDK after the
 * previous result, are read by the live session from their pending pipelines' names and served, and
 * those pipelines are cancelled before a runner takes them. Pipelines run side by side, as GitLab's
 * autoscaled runners do: the add-feed session does not hold up the first mark-read.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFeedServer, type FeedServer } from '../../../apps/rss-reader/samples/feed-server.ts';
import { setTestKdf } from '../../../framework/cli/forge-args.ts';
import { createClient } from '../../../framework/client/client.ts';
import { startGitlabDev, type GitlabDev } from '../../../framework/dev/gitlab/server.ts';
import { gitlabClientForge } from '../../../framework/forge/gitlab/client.ts';
import { runMain } from '../../cli/helpers/main.ts';
import { withSession } from '../../helpers/session-app.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const PASS = 'session scenario passphrase on the gitlab double';
const RUNNER_START_MS = 6000;
const IDLE_S = 10;
let dir: string;
let gl: GitlabDev;
let feeds: FeedServer;

beforeAll(async () => {
  mkdirSync(join(root, 'tmp'), { recursive: true });
  dir = mkdtempSync(join(root, 'tmp', 'rss-gitlab-session-'));
  cpSync(join(root, 'apps', 'rss-reader'), dir, { recursive: true, filter: (src) => !/[\\/](dist|\.gfa|node_modules)$/.test(src) });
  withSession(dir, IDLE_S, 120);
  // The double's jobs inherit this process's environment (GFA_*, CI_*, GITHUB_* and GITLAB_* left out): the sample feeds are on loopback.
  process.env.RSS_ALLOW_LOOPBACK = '1';
  gl = await startGitlabDev({ appDir: dir, build: true, path: 'group/sub/rss', runnerStartMs: RUNNER_START_MS, parallelPipelines: true });
  await gl.idle();
  feeds = await startFeedServer();
  const passFile = join(mkdtempSync(join(tmpdir(), 'gfa-gl-session-')), 'passphrase');
  writeFileSync(passFile, `${PASS}\n`);
  // The real Argon2id limits: the client refuses a keys file with lower ones.
  try {
    const deployed = await runMain(['deploy', dir, '--forge', 'gitlab', '--repo', gl.project, '--passphrase-file', passFile, '--yes'], { GITLAB_TOKEN: gl.token, GITLAB_URL: gl.url, GFA_SECRET_KEY: '', GFA_PASSPHRASE: '' });
    expect(deployed.code, deployed.stderr).toBe(0);
  } finally {
    setTestKdf(undefined);
  }
  // The owner's token for sessions: the Developer role (list and cancel pipelines, push the data branch).
  const owner = gl.state.tokens.get(gl.token)!;
  const push = 'glpat-session-e2e-push-token';
  gl.state.tokens.set(push, { userId: owner.userId, role: 'developer' });
  const res = await fetch(`${gl.apiUrl}/projects/${gl.state.project.id}/variables`, {
    method: 'POST', headers: { 'private-token': gl.token, 'content-type': 'application/json' }, body: JSON.stringify({ key: 'GFA_PUSH_TOKEN', value: push, masked: true }),
  });
  expect(res.status).toBe(201);
  await gl.idle();
}, 240_000);

afterAll(async () => {
  await feeds?.close();
  await gl?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('a session on the GitLab double', () => {
  it('answers the follow-up requests in seconds and cancels their pending pipelines', async () => {
    const client = createClient(gitlabClientForge({ url: gl.url, project: gl.project }), 'session-e2e');
    await client.unlock(PASS);
    const { feedId } = await (await client.trigger<{ feedId: string }>('add-feed', { url: feeds.feeds.find((f) => f.includes('harbor-notes'))! })).result();
    const stored = (await client.kv.getJson<{ id: string }[] | { items: { id: string }[] }>(`feeds/${feedId}/items.json`)) ?? [];
    const items = (Array.isArray(stored) ? stored : stored.items).map((i) => i.id);
    expect(items.length).toBeGreaterThanOrEqual(4);
    const waits: number[] = [];
    const unread: number[] = [];
    for (let i = 0; i < 4; i++) {
      const t = Date.now();
      unread.push((await (await client.trigger<{ unread: number }>('mark-read', { feedId, itemIds: [items[i]!] })).result()).unread);
      waits.push(Date.now() - t);
    }
    const runs = gl.state.project.pipelines.filter((p) => p.source === 'trigger' && p.inputs.job === 'mark-read');
    if (process.env.GFA_E2E_DEBUG) process.stderr.write(`${JSON.stringify({ waits, runs: runs.map((p) => [p.id, p.status, p.name]) })}\n${runs[0]?.log.slice(-3000)}\n`);
    expect(unread).toEqual([1, 2, 3, 4].map((n) => items.length - n));
    expect(waits[0]).toBeGreaterThanOrEqual(RUNNER_START_MS);
    for (const w of waits.slice(1)) expect(w).toBeLessThan(RUNNER_START_MS - 1000);
    expect(runs).toHaveLength(4);
    // Not held up by the add-feed session live beside it: the first mark-read got its runner after the runner start, not after that session.
    expect(Date.parse(runs[0]!.started_at!) - Date.parse(runs[0]!.created_at)).toBeLessThan(RUNNER_START_MS + 2000);
    expect(runs[0]!.name).toMatch(/^gfa [A-Za-z0-9_-]+$/);
    for (const p of runs.slice(1)) {
      expect(p.status).toBe('canceled');
      expect(p.started_at).toBeNull();
    }
    // Idle: the session pipeline ends by itself.
    await new Promise((r) => setTimeout(r, IDLE_S * 1000 + 4000));
    expect(runs[0]!.status).toBe('success');
    expect(runs[0]!.log).toMatch(/session: ended \(10 s without a request\) after 3 more runs/);
  }, 240_000);
});
