/**
 * Sessions on `gfa dev --as gitlab` (issue 24), a test double of GitLab, not GitLab: the rss-reader
 * with `session` on, a runner start of a few seconds, and GFA_PUSH_TOKEN (a token with the Developer
 * role, as a project access token with the `api` scope would be: CI_JOB_TOKEN cannot use the pipelines
 * API). The first mark-read waits for a runner; the next ones, each sent by the client SDK after the
 * previous result, are read by the live session from their pending pipelines' names and served, and
 * those pipelines are cancelled before a runner takes them. Pipelines run side by side, as GitLab's
 * autoscaled runners do: the add-feed session does not hold up the first mark-read.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../../framework/client/client.ts';
import { gitlabClientForge } from '../../../framework/forge/gitlab/client.ts';
import { startGitlabSessionReader, type GitlabSessionReader } from '../../helpers/gitlab-session-reader.ts';

const PASS = 'session scenario passphrase on the gitlab double';
const RUNNER_START_MS = 6000;
const IDLE_S = 10;
let r: GitlabSessionReader;

beforeAll(async () => {
  r = await startGitlabSessionReader({ prefix: 'rss-gitlab-session', passphrase: PASS, runnerStartMs: RUNNER_START_MS, idleSeconds: IDLE_S, maxSeconds: 120 });
}, 240_000);

afterAll(async () => r?.stop());

describe('a session on the GitLab double', () => {
  it('answers the follow-up requests in seconds and cancels their pending pipelines', async () => {
    const { gl, feeds } = r;
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
    await new Promise((ok) => setTimeout(ok, IDLE_S * 1000 + 4000));
    expect(runs[0]!.status).toBe('success');
    expect(runs[0]!.log).toMatch(/session: ended \(10 s without a request\) after 3 more runs/);
  }, 240_000);
});
