/**
 * Sessions on `gfa dev --as github` (issue 24), a test double of GitHub, not GitHub: the rss-reader with
 * `session` on and a runner start of a few seconds. The first request waits for a runner; the run then
 * stays up, and the next requests, each sent by the client SDK after the previous result, are served by
 * it in about a second while their own runs are cancelled before a runner takes them. After
 * idleSeconds the session ends and a request waits for a runner again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../../framework/client/client.ts';
import { githubClientForge } from '../../../framework/forge/github/client.ts';
import { GFA_BIN, runProgram } from '../../build/helpers/fixture.ts';
import { startGithubReader, type GithubReader } from '../../helpers/github-reader.ts';

const PASS = 'session scenario passphrase on the github double';
const RUNNER_START_MS = 6000;
const IDLE_S = 6;
let r: GithubReader;

beforeAll(async () => {
  r = await startGithubReader({ prefix: 'rss-github-session', passphrase: PASS, runnerStartMs: RUNNER_START_MS, session: [IDLE_S, 120] });
}, 180_000);

afterAll(async () => r?.stop());

describe('a session on the GitHub double', () => {
  it('gfa doctor names what a session bills', async () => {
    const { dev, dir } = r;
    const env = { GITHUB_API_URL: dev.emu.apiUrl, GITHUB_TOKEN: r.env.GITHUB_TOKEN! };
    const out = await runProgram(GFA_BIN, ['doctor', dir, '--forge', 'github', '--repo', dev.repo, '--json'], { env });
    const checks = JSON.parse(out.stdout) as { checks?: { id: string; message: string }[] } | { id: string; message: string }[];
    const list = Array.isArray(checks) ? checks : checks.checks ?? [];
    const line = list.find((c) => c.id === 'session-minutes');
    expect(line?.message, out.stdout + out.stderr).toMatch(/runner minutes each/);
  });

  it('answers the follow-up requests in seconds, cancels their queued runs, and ends when idle', async () => {
    const { dev, feeds } = r;
    const [owner, name] = dev.repo.split('/') as [string, string];
    const repo = dev.emu.state.repos.get(dev.repo)!;
    const client = createClient(githubClientForge({ owner, repo: name, api: dev.emu.apiUrl }), 'session-e2e');
    await client.unlock(PASS);
    const { feedId } = await (await client.trigger<{ feedId: string }>('add-feed', { url: feeds.feeds.find((f) => f.includes('harbor-notes'))! })).result();
    const stored = (await client.kv.getJson<{ id: string }[] | { items: { id: string }[] }>(`feeds/${feedId}/items.json`)) ?? [];
    const items = (Array.isArray(stored) ? stored : stored.items).map((i) => i.id);
    expect(items.length).toBeGreaterThanOrEqual(4);
    // A session serves the requests of its own job: four mark-reads in a row, each after the last result.
    const waits: number[] = [];
    const unread: number[] = [];
    for (let i = 0; i < 4; i++) {
      const t = Date.now();
      unread.push((await (await client.trigger<{ unread: number }>('mark-read', { feedId, itemIds: [items[i]!] })).result()).unread);
      waits.push(Date.now() - t);
    }
    // Each served once, in order, by whoever served it.
    expect(unread).toEqual([1, 2, 3, 4].map((n) => items.length - n));
    if (process.env.GFA_E2E_DEBUG) for (const x of repo.runs) process.stderr.write(`run ${x.id} ${x.path} ${x.status}/${x.conclusion} ${x.displayTitle}\n${x.log.slice(0, 3000)}\n`);
    expect(waits[0]).toBeGreaterThanOrEqual(RUNNER_START_MS);
    for (const w of waits.slice(1)) expect(w).toBeLessThan(RUNNER_START_MS - 1000);
    const runs = repo.runs.filter((x) => x.path === '.github/workflows/gfa-mark-read.yml');
    expect(runs).toHaveLength(4);
    const session = runs[0]!;
    expect(session.displayTitle).toMatch(/^gfa1 mark-read \d+ /);
    for (const x of runs.slice(1)) {
      expect(x.conclusion).toBe('cancelled');
      expect(x.startedAt).toBeUndefined();
    }
    expect(session.status).toBe('in_progress');

    // Idle: the session ends by itself, and the next request waits for a runner again.
    await new Promise((ok) => setTimeout(ok, IDLE_S * 1000 + 3000));
    expect(session.status).toBe('completed');
    expect(session.conclusion).toBe('success');
    expect(session.log).toMatch(/session: ended \(6 s without a request\) after 3 more runs/);
    const t1 = Date.now();
    await (await client.trigger('mark-read', { feedId, itemIds: [items[0]!], unread: true })).result();
    expect(Date.now() - t1).toBeGreaterThanOrEqual(RUNNER_START_MS);
    if (process.env.GFA_E2E_DEBUG) process.stderr.write(`${JSON.stringify({ waits })}\n`);
  }, 240_000);
});
