/**
 * On the forge's clock (issue 21): the rss-reader on each double with a runner start of 15 s
 * (GFA_BENCH_RUNNER_START_S to change it), driven through the client SDK and, for the page figures, in
 * Chromium with web security on. For each double:
 * - click → optimistic state on screen (ms, Chromium) and click → confirmed by the job's result (s);
 * - 10 clicks 100 ms apart → runs started and seconds until all ten are confirmed, with the outbox
 *   (after) and with one trigger per click (before: the outbox's window set to 0, which is what the
 *   client did before it had one);
 * - a run that fails before writing a result → seconds from the double marking it failed until the
 *   SDK and `gfa trigger --wait` report it (before: they waited for their timeouts, 120 s and 600 s);
 * - requests per confirmed batch (GitHub: those that count against the rate limit; GitLab: all API
 *   requests), and per idle page hour (an open page measured for 30 s, times 120).
 * These are test doubles (framework/dev/github, framework/dev/gitlab), not GitHub or GitLab.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import type { Report } from './index.ts';
import { startFeedServer } from '../apps/rss-reader/samples/feed-server.ts';
import { createClient } from '../framework/client/client.ts';
import type { Client } from '../framework/client/types.ts';
import { startGithubDev } from '../framework/dev/github/start.ts';
import type { GitlabDev } from '../framework/dev/gitlab/server.ts';
import { githubClientForge } from '../framework/forge/github/client.ts';
import { gitlabClientForge } from '../framework/forge/gitlab/client.ts';
import type { ClientForge } from '../framework/forge/types.ts';
import { GFA_BIN, runProgram } from '../test/build/helpers/fixture.ts';
import { launchBrowser } from '../test/helpers/browser.ts';
import { APP_DIR, gfaGitlab, startEmulator } from '../test/forge/gitlab/helpers.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const RUNNER_START_MS = Number(process.env.GFA_BENCH_RUNNER_START_S ?? 15) * 1000;
const PASS = 'forge clock bench passphrase for both doubles';

interface Double {
  name: 'github' | 'gitlab';
  forge(): ClientForge;
  pageUrl: string;
  runs(job: string): number;
  /** Counted requests so far (see the module comment). */
  counted(): number;
  breakRuns(): () => void;
  failedAt(job: string): number | undefined;
  cli(args: string[]): Promise<{ code: number | null; stderr: string }>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const secs = (ms: number) => +(ms / 1000).toFixed(1);

async function feedItems(client: Client, feedId: string): Promise<string[]> {
  const items = (await client.kv.getJson<{ id: string }[] | { items: { id: string }[] }>(`feeds/${feedId}/items.json`)) ?? [];
  return (Array.isArray(items) ? items : items.items).map((i) => i.id);
}

async function measure(d: Double, report: Report, browser: Browser, feedUrl: string): Promise<void> {
  const tag = { double: d.name, runnerStartS: RUNNER_START_MS / 1000 };
  const client = createClient(d.forge(), `bench-${d.name}`);
  await client.unlock(PASS);
  process.stderr.write(`bench: forge-clock ${d.name}: adding a feed\n`);
  const { feedId } = await (await client.trigger<{ feedId: string }>('add-feed', { url: feedUrl })).result();
  const ids = await feedItems(client, feedId);
  if (ids.length < 4) throw new Error(`the feed has ${ids.length} items; the bench needs 4`);

  // One change, confirmed.
  const c0 = d.counted();
  const t0 = Date.now();
  await (await client.trigger('mark-read', { feedId, itemIds: [ids[0]] })).result();
  report({ name: `${d.name}-click-to-confirmed`, value: secs(Date.now() - t0), unit: 's', ...tag, via: 'SDK' });
  report({ name: `${d.name}-requests-per-confirmed-batch`, value: d.counted() - c0, unit: 'requests', ...tag, counts: d.name === 'github' ? 'against the rate limit (304s free)' : 'every API request', goal: d.name === 'github' ? '<= 4' : undefined });

  // Ten clicks, 100 ms apart: with the outbox, and one trigger per click.
  for (const [label, c] of [['after', client], ['before', createClient(d.forge(), `bench-${d.name}-before`, { outbox: { windowMs: 0, maxWaitMs: 0 } })]] as const) {
    if (label === 'before') await c.unlock(PASS);
    process.stderr.write(`bench: forge-clock ${d.name}: ten clicks (${label})\n`);
    const runs0 = d.runs('mark-read');
    const start = Date.now();
    const jobs = [];
    for (let i = 0; i < 10; i++) {
      jobs.push(c.trigger('mark-read', { feedId, itemIds: [ids[i % ids.length]], ...(i % 2 ? { unread: true } : {}) }));
      await sleep(100);
    }
    await Promise.all((await Promise.all(jobs)).map((j) => j.result()));
    report({ name: `${d.name}-ten-clicks-runs`, value: d.runs('mark-read') - runs0, unit: 'runs', ...tag, path: label, goal: label === 'after' ? '<= 2' : undefined });
    report({ name: `${d.name}-ten-clicks-all-confirmed`, value: secs(Date.now() - start), unit: 's', ...tag, path: label, goal: `<= runner start + 10 = ${RUNNER_START_MS / 1000 + 10}` });
  }

  // A run that fails before it writes a result.
  process.stderr.write(`bench: forge-clock ${d.name}: failing runs\n`);
  const restore = d.breakRuns();
  try {
    const job = await client.trigger('mark-read', { feedId, itemIds: [ids[1]] });
    await job.result().then(() => { throw new Error('the broken run succeeded'); }, () => undefined);
    const seen = Date.now();
    report({ name: `${d.name}-failed-run-reported-after-forge`, value: secs(seen - d.failedAt('mark-read')!), unit: 's', ...tag, via: 'SDK', goal: '<= 5', before: 'the 120 s timeout' });
    const cliStart = Date.now();
    const r = await d.cli(['trigger', 'mark-read', '--input', JSON.stringify({ feedId, itemIds: [ids[2]] }), '--wait', '--timeout', '600']);
    const cliSeen = Date.now();
    if (r.code === 0 || !/before it wrote a result/.test(r.stderr)) throw new Error(`gfa trigger --wait did not report the failed run: ${r.stderr}`);
    report({ name: `${d.name}-failed-run-reported-after-forge`, value: secs(cliSeen - d.failedAt('mark-read')!), unit: 's', ...tag, via: 'gfa trigger --wait', goal: '<= 5', before: 'the 600 s timeout', total: secs(cliSeen - cliStart) });
  } finally {
    restore();
  }

  // The page: click → on screen, click → confirmed, and an idle half-minute.
  process.stderr.write(`bench: forge-clock ${d.name}: the page\n`);
  const page: Page = await browser.newPage();
  await page.goto(d.pageUrl);
  await page.getByLabel('Passphrase').fill(PASS);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await page.waitForSelector('body[data-ready="true"]', { timeout: 120_000 });
  await page.waitForSelector('#items li.item', { timeout: 60_000 });
  const onScreen: number[] = [];
  for (let i = 0; i < 5; i++) {
    onScreen.push(await page.evaluate(async (n) => {
      const b = document.querySelectorAll<HTMLButtonElement>('#items li.item .mark-read')[n]!;
      const t = performance.now();
      b.click();
      await new Promise(requestAnimationFrame);
      return performance.now() - t;
    }, i % 4));
  }
  const t1 = Date.now();
  await page.waitForFunction(() => document.querySelectorAll('#items li.item[data-pending="true"]').length === 0, undefined, { timeout: RUNNER_START_MS + 120_000, polling: 100 });
  report({ name: `${d.name}-page-click-to-optimistic`, value: +Math.max(...onScreen).toFixed(1), unit: 'ms', ...tag, clicks: 5, note: 'slowest of 5: click → the next frame, Chromium with web security on' });
  report({ name: `${d.name}-page-clicks-to-confirmed`, value: secs(Date.now() - t1), unit: 's', ...tag, note: 'from the fifth click until no item is saving' });
  await sleep(2000);
  const idle0 = d.counted();
  await sleep(30_000);
  report({ name: `${d.name}-requests-per-idle-page-hour`, value: (d.counted() - idle0) * 120, unit: 'requests', ...tag, measured: '30 s × 120', goal: '0' });
}

export default async function bench(report: Report): Promise<void> {
  process.env.RSS_ALLOW_LOOPBACK = '1';
  const feeds = await startFeedServer();
  const browser = await launchBrowser();
  const feedUrl = feeds.feeds.find((f) => f.includes('harbor-notes'))!;
  const passFile = join(mkdtempSync(join(tmpdir(), 'gfa-bench-clock-')), 'passphrase');
  writeFileSync(passFile, `${PASS}\n`);
  try {
    // GitHub double.
    mkdirSync(join(root, 'tmp'), { recursive: true });
    const dir = mkdtempSync(join(root, 'tmp', 'bench-clock-github-'));
    cpSync(join(root, 'apps', 'rss-reader'), dir, { recursive: true, filter: (src) => !/[\\/](dist|\.gfa|node_modules)$/.test(src) });
    const dev = await startGithubDev({ appDir: dir, log: () => {}, runnerEnv: { RSS_ALLOW_LOOPBACK: '1' }, runnerStartMs: RUNNER_START_MS });
    try {
      const env = { GITHUB_API_URL: dev.emu.apiUrl, GITHUB_TOKEN: readFileSync(dev.ownerTokenFile, 'utf8').trim(), GFA_PASSPHRASE: PASS };
      const deployed = await runProgram(GFA_BIN, ['deploy', dir, '--forge', 'github', '--repo', dev.repo, '--dispatch-token-file', dev.dispatchTokenFile], { env });
      if (deployed.code !== 0) throw new Error(`deploy failed: ${deployed.stderr}`);
      const dispatch = readFileSync(dev.dispatchTokenFile, 'utf8').trim();
      const [owner, name] = dev.repo.split('/') as [string, string];
      const repo = dev.emu.state.repos.get(dev.repo)!;
      const ofJob = (job: string) => repo.runs.filter((r) => r.path === `.github/workflows/gfa-${job}.yml`);
      await measure({
        name: 'github',
        forge: () => githubClientForge({ owner, repo: name, api: dev.emu.apiUrl }),
        pageUrl: `${dev.emu.pagesUrl}/${dev.repo}/`,
        runs: (job) => ofJob(job).length,
        counted: () => dev.emu.limits.usedBy(`token:${dispatch}`),
        breakRuns() {
          const good = repo.secrets.get('GFA_SECRET_KEY')!;
          repo.secrets.set('GFA_SECRET_KEY', { ...good, value: 'not-a-key' });
          return () => repo.secrets.set('GFA_SECRET_KEY', good);
        },
        failedAt: (job) => { const r = ofJob(job).filter((x) => x.conclusion === 'failure').at(-1); return r ? Date.parse(r.updatedAt) : undefined; },
        cli: (args) => runProgram(GFA_BIN, [...args.slice(0, 2), dir, ...args.slice(2), '--forge', 'github', '--repo', dev.repo], { env }),
      }, report, browser, feedUrl);
    } finally {
      await dev.close();
      rmSync(dir, { recursive: true, force: true });
    }

    // GitLab double (pipelines through gitlab-ci-local). A rate-limit window of an hour, so counts add up.
    const gl: GitlabDev = await startEmulator({ runnerStartMs: RUNNER_START_MS, rateLimits: { periodSeconds: 3600, perMinute: 1e9, unauthenticatedPerMinute: 1e9 } });
    try {
      const deployed = await gfaGitlab(gl, 'deploy', ['--passphrase-file', passFile, '--yes'], {}, null);
      if (deployed.code !== 0) throw new Error(`deploy failed: ${deployed.stderr}`);
      await gl.idle();
      const p = gl.state.project;
      const ofJob = (job: string) => p.pipelines.filter((x) => x.source === 'trigger' && x.inputs.job === job);
      await measure({
        name: 'gitlab',
        forge: () => gitlabClientForge({ url: gl.url, project: gl.project }),
        pageUrl: gl.pagesUrl,
        runs: (job) => ofJob(job).length,
        counted: () => gl.limits.observedBy('ip:127.0.0.1'),
        breakRuns() {
          const v = p.variables.find((x) => x.key === 'GFA_SECRET_KEY')!;
          const good = v.value;
          v.value = 'not-a-key';
          return () => void (v.value = good);
        },
        failedAt: (job) => { const f = ofJob(job).filter((x) => x.status === 'failed').at(-1); return f?.finished_at ? Date.parse(f.finished_at) : undefined; },
        cli: async (args) => {
          const r = await gfaGitlab(gl, [args[0], args[1]].join(' '), args.slice(2), { GFA_PASSPHRASE: PASS });
          return { code: r.code, stderr: r.stderr };
        },
      }, report, browser, feedUrl);
    } finally {
      await gl.close();
    }
  } finally {
    await browser.close();
    await feeds.close();
  }
}
