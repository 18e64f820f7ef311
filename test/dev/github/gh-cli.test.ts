/**
 * GitHub's own CLI, `gh` (Debian's 2.23), against the GitHub double through an https front on
 * 127.0.0.1 with a test certificate: `gh` addresses it as a GitHub Enterprise Server host (GH_HOST,
 * GH_ENTERPRISE_TOKEN; REST at /api/v3, GraphQL at /api/graphql). What a user does when a job goes
 * wrong: list and view workflows (by their YAML `name:`), run one (no `--ref`: the default branch
 * comes from GraphQL), list, view and watch runs, read a run's log, list and set secrets, read the rate
 * limit, view the repository. Every REST exchange is held to GitHub's OpenAPI description.
 */
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGithubFixture, type GithubFixture } from '../../forge/helpers/github.ts';
import { hasOpenssl, startTlsFront, type TlsFront } from '../../helpers/tls-front.ts';

const hasGh = spawnSync('sh', ['-c', 'command -v gh'], { stdio: 'ignore' }).status === 0;
const ready = hasGh && hasOpenssl();
if (!ready) process.stderr.write(`skipped test/dev/github/gh-cli.test.ts: ${hasGh ? 'openssl' : 'gh (the GitHub CLI)'} is not installed (apt-get install ${hasGh ? 'openssl' : 'gh'})\n`);

let fx: GithubFixture;
let front: TlsFront;
let config: string;

/** Runs `gh` without blocking the event loop (the front answers in this process). */
function gh(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const env = {
    ...process.env, GH_HOST: front.host, GH_ENTERPRISE_TOKEN: fx.ownerToken, SSL_CERT_FILE: front.certFile, GH_CONFIG_DIR: config,
    GH_PROMPT_DISABLED: '1', GH_NO_UPDATE_NOTIFIER: '1', NO_COLOR: '1', GH_REPO: `${front.host}/owner/app`, GH_TOKEN: '', GITHUB_TOKEN: '',
  };
  return new Promise((ok) => execFile('gh', args, { env, encoding: 'utf8', timeout: 60_000 }, (e, out, err) => ok({ code: e ? Number((e as { code?: unknown }).code ?? 1) : 0, out, err })));
}

const repo = () => fx.emu.state.repos.get('owner/app')!;

describe.skipIf(!ready)('gh against the GitHub double', () => {
  beforeAll(async () => {
    // A runner takes a run 2 s after the dispatch, so `gh run watch` sees it queued and in progress.
    fx = await startGithubFixture('dev-app', { emulator: { runnerStartMs: 2000 } });
    front = await startTlsFront(fx.emu.url);
    config = mkdtempSync(join(tmpdir(), 'gfa-gh-config-'));
  }, 90_000);
  afterAll(async () => {
    await front?.close();
    await fx?.stop();
    if (config) rmSync(config, { recursive: true, force: true });
  });

  it('lists workflows and views one by its YAML name', async () => {
    const list = await gh('workflow', 'list');
    expect(list.code, list.err).toBe(0);
    expect(list.out).toMatch(/^gfa bump\tactive\t\d+$/m);
    const view = await gh('workflow', 'view', 'gfa bump');
    expect(view.code, view.err).toBe(0);
    expect(view.out).toContain('gfa bump - gfa-bump.yml');
  });

  let runId = 0;
  it('runs a workflow on the default branch (asked through GraphQL) and watches the run to its end', async () => {
    const before = repo().runs.length;
    const run = await gh('workflow', 'run', 'gfa bump', '-f', 'request_id=r1', '-f', 'input={}');
    expect(run.code, run.err).toBe(0);
    expect(repo().runs.length).toBe(before + 1);
    runId = repo().runs.at(-1)!.id;
    expect(repo().runs.at(-1)).toMatchObject({ event: 'workflow_dispatch', headBranch: 'main', status: 'queued' });
    const watch = await gh('run', 'watch', String(runId), '--interval', '1', '--exit-status');
    expect(watch.code, watch.out + watch.err).toBe(0);
    // Not "has already completed": the watch followed it while it was queued and in progress.
    expect(watch.out).not.toContain('already completed');
    expect(watch.out).toMatch(/bump/);
    expect(repo().runs.at(-1)).toMatchObject({ status: 'completed', conclusion: 'success' });
  }, 90_000);

  it('lists and views runs, with the run name, title, jobs and steps', async () => {
    const list = await gh('run', 'list');
    expect(list.code, list.err).toBe(0);
    expect(list.out).toMatch(new RegExp(`^completed\\tsuccess\\tgfa bump\\tgfa bump\\tmain\\tworkflow_dispatch\\t${runId}\\t`, 'm'));
    const view = await gh('run', 'view', String(runId));
    expect(view.code, view.err).toBe(0);
    expect(view.out).toMatch(/JOBS\n✓ bump in \d+s \(ID \d+\)/);
    const json = await gh('run', 'view', String(runId), '--json', 'name,displayTitle,jobs,conclusion');
    expect(json.code, json.err).toBe(0);
    const body = JSON.parse(json.out) as { name: string; displayTitle: string; conclusion: string; jobs: { name: string; conclusion: string; steps: { name: string; number: number }[] }[] };
    expect(body).toMatchObject({ name: 'gfa bump', displayTitle: 'gfa bump', conclusion: 'success' });
    expect(body.jobs[0]).toMatchObject({ name: 'bump', conclusion: 'success' });
    expect(body.jobs[0]!.steps[0]).toMatchObject({ number: 1 });
  });

  it("reads a run's log (the zip archive the logs endpoint redirects to)", async () => {
    const log = await gh('run', 'view', String(runId), '--log');
    expect(log.code, log.err).toBe(0);
    // `<job>\t<step>\t<line>`, as gh prints each step's file of the archive.
    expect(log.out).toMatch(/^bump\t[^\t]+\t.*GFA_SECRET_KEY is not set/m);
  });

  it('sets and lists secrets; a name GitHub does not allow gets its validation error', async () => {
    const set = await gh('secret', 'set', 'MY_SECRET', '--body', 's3cret-value');
    expect(set.code, set.err).toBe(0);
    expect(repo().secrets.get('MY_SECRET')?.value).toBe('s3cret-value');
    const list = await gh('secret', 'list');
    expect(list.code, list.err).toBe(0);
    expect(list.out).toMatch(/^MY_SECRET\t\d{4}-\d{2}-\d{2}/m);
    expect(list.out).not.toContain('s3cret-value');
    const bad = await gh('secret', 'set', 'BAD-NAME', '--body', 'x');
    expect(bad.code).not.toBe(0);
    expect(bad.err).toContain('HTTP 422: Failed to add secret. Name is invalid');
  });

  it('reads the rate limit, which costs nothing', async () => {
    const first = await gh('api', 'rate_limit');
    expect(first.code, first.err).toBe(0);
    const a = JSON.parse(first.out) as { resources: { core: { limit: number; used: number } }; rate: { used: number } };
    expect(a.resources.core.limit).toBe(5000);
    const b = JSON.parse((await gh('api', 'rate_limit')).out) as typeof a;
    expect(b.resources.core.used).toBe(a.resources.core.used);
  });

  it('views the repository (GraphQL)', async () => {
    const view = await gh('repo', 'view', `${front.host}/owner/app`);
    expect(view.code, view.err).toBe(0);
    expect(view.out).toMatch(/^name:\towner\/app$/m);
  });

  it("every REST exchange matched GitHub's OpenAPI description", () => {
    expect(fx.recorder.problems).toEqual([]);
  });
});
