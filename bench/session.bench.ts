/**
 * Sessions (issue 24): on each double with a runner start of 15 s (GFA_BENCH_RUNNER_START_S to change
 * it), five mark-reads in a row from the client SDK, each sent after the previous result, on the
 * rss-reader with `session: { idleSeconds: 60, maxSeconds: 600 }` and on the rss-reader as it is (no
 * session). Reports each request's seconds, the p50 of the last four, the runs (pipelines) that got a
 * runner, and the minutes they billed: GitHub rounds each job up to a whole minute
 * (docs.github.com "About billing for GitHub Actions"), GitLab counts the job's running time
 * (docs.gitlab.com "Compute minutes"); the session's idle tail counts. These are test doubles
 * (framework/dev/github, framework/dev/gitlab), not GitHub or GitLab: the runner start is a model.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Report } from './index.ts';
import { startFeedServer } from '../apps/rss-reader/samples/feed-server.ts';
import { setTestKdf } from '../framework/cli/forge-args.ts';
import { createClient } from '../framework/client/client.ts';
import { startGithubDev } from '../framework/dev/github/start.ts';
import { startGitlabDev } from '../framework/dev/gitlab/server.ts';
import { githubClientForge } from '../framework/forge/github/client.ts';
import { gitlabClientForge } from '../framework/forge/gitlab/client.ts';
import type { ClientForge } from '../framework/forge/types.ts';
import { GFA_BIN, runProgram } from '../test/build/helpers/fixture.ts';
import { runMain } from '../test/cli/helpers/main.ts';
import { withSession } from '../test/helpers/session-app.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const RUNNER_START_MS = Number(process.env.GFA_BENCH_RUNNER_START_S ?? 15) * 1000;
const IDLE_S = 60;
const MAX_S = 600;
const PASS = 'session bench passphrase for both doubles';
const secs = (ms: number) => +(ms / 1000).toFixed(1);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A run that got a runner: when it started and ended (ms). */
interface Ran { startedAt: number; endedAt: number }

interface Setup {
  forge: ClientForge;
  /** Runs or pipelines of mark-read so far, with those that got a runner. */
  runs(): { all: number; ran: Ran[]; live: boolean };
  close(): Promise<void>;
}

function appCopy(label: string, session: boolean): string {
  mkdirSync(join(root, 'tmp'), { recursive: true });
  const dir = mkdtempSync(join(root, 'tmp', `bench-session-${label}-`));
  cpSync(join(root, 'apps', 'rss-reader'), dir, { recursive: true, filter: (src) => !/[\\/](dist|\.gfa|node_modules)$/.test(src) });
  if (session) withSession(dir, IDLE_S, MAX_S);
  return dir;
}

async function github(session: boolean): Promise<Setup> {
  const dir = appCopy('github', session);
  const dev = await startGithubDev({ appDir: dir, log: () => {}, runnerEnv: { RSS_ALLOW_LOOPBACK: '1' }, runnerStartMs: RUNNER_START_MS });
  const env = { GITHUB_API_URL: dev.emu.apiUrl, GITHUB_TOKEN: readFileSync(dev.ownerTokenFile, 'utf8').trim(), GFA_PASSPHRASE: PASS };
  const deployed = await runProgram(GFA_BIN, ['deploy', dir, '--forge', 'github', '--repo', dev.repo, '--dispatch-token-file', dev.dispatchTokenFile], { env });
  if (deployed.code !== 0) throw new Error(`deploy failed: ${deployed.stderr}`);
  const [owner, name] = dev.repo.split('/') as [string, string];
  const repo = dev.emu.state.repos.get(dev.repo)!;
  return {
    forge: githubClientForge({ owner, repo: name, api: dev.emu.apiUrl }),
    runs() {
      const runs = repo.runs.filter((r) => r.path === '.github/workflows/gfa-mark-read.yml');
      const ran = runs.filter((r) => r.startedAt).map((r) => ({ startedAt: Date.parse(r.startedAt!), endedAt: r.status === 'completed' ? Date.parse(r.updatedAt) : Date.now() }));
      return { all: runs.length, ran, live: runs.some((r) => r.status === 'in_progress') };
    },
    async close() {
      await dev.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function gitlab(session: boolean): Promise<Setup> {
  const dir = appCopy('gitlab', session);
  const gl = await startGitlabDev({ appDir: dir, build: true, path: 'group/sub/rss', runnerStartMs: RUNNER_START_MS, parallelPipelines: true });
  await gl.idle();
  const passFile = join(mkdtempSync(join(tmpdir(), 'gfa-bench-session-')), 'passphrase');
  writeFileSync(passFile, `${PASS}\n`);
  setTestKdf(undefined);
  const deployed = await runMain(['deploy', dir, '--forge', 'gitlab', '--repo', gl.project, '--passphrase-file', passFile, '--yes'], { GITLAB_TOKEN: gl.token, GITLAB_URL: gl.url, GFA_SECRET_KEY: '', GFA_PASSPHRASE: '' });
  if (deployed.code !== 0) throw new Error(`deploy failed: ${deployed.stderr}`);
  // A session on GitLab needs GFA_PUSH_TOKEN (the job token cannot use the pipelines API): a Developer token.
  const owner = gl.state.tokens.get(gl.token)!;
  gl.state.tokens.set('glpat-bench-session', { userId: owner.userId, role: 'developer' });
  const res = await fetch(`${gl.apiUrl}/projects/${gl.state.project.id}/variables`, { method: 'POST', headers: { 'private-token': gl.token, 'content-type': 'application/json' }, body: JSON.stringify({ key: 'GFA_PUSH_TOKEN', value: 'glpat-bench-session', masked: true }) });
  if (res.status !== 201) throw new Error(`cannot set GFA_PUSH_TOKEN: HTTP ${res.status}`);
  await gl.idle();
  return {
    forge: gitlabClientForge({ url: gl.url, project: gl.project }),
    runs() {
      const runs = gl.state.project.pipelines.filter((p) => p.source === 'trigger' && p.inputs.job === 'mark-read');
      const ran = runs.filter((p) => p.started_at).map((p) => ({ startedAt: Date.parse(p.started_at!), endedAt: p.finished_at ? Date.parse(p.finished_at) : Date.now() }));
      return { all: runs.length, ran, live: runs.some((p) => p.status === 'running') };
    },
    async close() {
      await gl.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function measure(forgeName: 'github' | 'gitlab', session: boolean, feedUrl: string, report: Report): Promise<void> {
  const tag = { double: forgeName, runnerStartS: RUNNER_START_MS / 1000, session: session ? `idleSeconds ${IDLE_S}, maxSeconds ${MAX_S}` : 'off' };
  process.stderr.write(`bench: session ${forgeName} (session ${session ? 'on' : 'off'})\n`);
  const s = await (forgeName === 'github' ? github(session) : gitlab(session));
  try {
    const client = createClient(s.forge, `bench-session-${forgeName}`);
    await client.unlock(PASS);
    const { feedId } = await (await client.trigger<{ feedId: string }>('add-feed', { url: feedUrl })).result();
    const stored = (await client.kv.getJson<{ id: string }[] | { items: { id: string }[] }>(`feeds/${feedId}/items.json`)) ?? [];
    const ids = (Array.isArray(stored) ? stored : stored.items).map((i) => i.id);
    if (ids.length < 4) throw new Error(`the feed has ${ids.length} items; the bench needs 4`);
    const waits: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t = Date.now();
      // Four items: the fifth request marks the first one unread again.
      await (await client.trigger('mark-read', { feedId, itemIds: [ids[i % ids.length]!], ...(i >= ids.length ? { unread: true } : {}) })).result();
      waits.push(Date.now() - t);
    }
    const rest = [...waits.slice(1)].sort((a, b) => a - b);
    const p50 = (rest[1]! + rest[2]!) / 2;
    report({ name: `${forgeName}-five-in-a-row-each`, value: secs(waits.reduce((a, b) => a + b, 0)), unit: 's', ...tag, each: waits.map(secs), note: 'total; each request sent after the previous result' });
    report({ name: `${forgeName}-first-request`, value: secs(waits[0]!), unit: 's', ...tag, goal: session ? `about the runner start (${RUNNER_START_MS / 1000} s)` : `>= ${RUNNER_START_MS / 1000}` });
    report({ name: `${forgeName}-next-four-p50`, value: secs(p50), unit: 's', ...tag, min: secs(rest[0]!), max: secs(rest[3]!), goal: session ? '<= 3' : `each >= ${RUNNER_START_MS / 1000}` });
    // Billing: wait for the session to end (its idle tail is billed too).
    const deadline = Date.now() + (IDLE_S + 60) * 1000;
    while (s.runs().live && Date.now() < deadline) await sleep(1000);
    const { all, ran } = s.runs();
    const ranSeconds = ran.map((r) => (r.endedAt - r.startedAt) / 1000);
    const billed = forgeName === 'github' ? ranSeconds.reduce((n, x) => n + Math.max(1, Math.ceil(x / 60)), 0) : +(ranSeconds.reduce((n, x) => n + x, 0) / 60).toFixed(2);
    report({ name: `${forgeName}-runs-that-got-a-runner`, value: ran.length, unit: 'runs', ...tag, dispatched: all });
    report({ name: `${forgeName}-minutes-billed`, value: billed, unit: 'min', ...tag, ranSeconds: ranSeconds.map((x) => +x.toFixed(1)), rule: forgeName === 'github' ? 'each job rounded up to a minute' : 'running time' });
  } finally {
    await s.close();
  }
}

export default async function bench(report: Report): Promise<void> {
  process.env.RSS_ALLOW_LOOPBACK = '1';
  const feeds = await startFeedServer();
  const feedUrl = feeds.feeds.find((f) => f.includes('harbor-notes'))!;
  const only = process.env.GFA_BENCH_SESSION_FORGE;
  try {
    for (const forgeName of ['github', 'gitlab'] as const) {
      if (only && only !== forgeName) continue;
      for (const session of [true, false]) await measure(forgeName, session, feedUrl, report);
    }
  } finally {
    await feeds.close();
  }
}
