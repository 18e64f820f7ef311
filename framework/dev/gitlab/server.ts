/**
 * `startGitlabDev`: `gfa dev --as gitlab`. A GitLab-shaped test double on 127.0.0.1 (not GitLab):
 * the REST endpoints gfa's adapters use under `/api/v4`, the project's repository over git smart
 * HTTP at `/<path>.git`, pipelines run by gitlab-ci-local, and the Pages site on a second port.
 * The project's default branch starts as a commit of the app folder as it is (run `gfa build` first),
 * followed by its push pipeline (which publishes Pages).
 */
import { randomBytes } from 'node:crypto';
import { cp, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { chain, latency } from '../chain.ts';
import { systemClock, type Clock } from '../clock.ts';
import { withCors } from '../cors.ts';
import { withHostGuard } from '../guard.ts';
import { serveWithHandler } from '../node-adapter.ts';
import { createGitlabApi } from './api.ts';
import { GITLAB_CORS } from './cors.ts';
import { isGitPath, repoDir, serveGit } from './git.ts';
import { pagesResponse } from './pages.ts';
import { GitlabRateLimits, type GitlabRateLimitOptions } from './rate-limit.ts';
import { bareRepo } from './repo.ts';
import { createPipelineRunner } from './runner.ts';
import { createGitlabState, type GitlabState, type GitlabStateOptions } from './state.ts';

const exec = promisify(execFile);

/** Options of {@link startGitlabDev}. */
export interface GitlabDevOptions extends Partial<GitlabStateOptions> {
  /** The app folder committed as the default branch. */
  appDir: string;
  /** Run `gfa build` in appDir first (what `gfa dev --as gitlab` does). @default false */
  build?: boolean;
  /** Run pipelines with gitlab-ci-local. @default true */
  pipelines?: boolean;
  /** Lines of progress. @default none */
  log?: (line: string) => void;
  /** Host names besides 127.0.0.1 and localhost that the servers answer to (`gfa dev --host`); any other `Host` gets 421. */
  hosts?: readonly string[];
  /**
   * From a trigger, push or schedule to the pipeline's first step: the pipeline stays `pending` that
   * long (`gfa dev --as gitlab` uses GITLAB_RUNNER_START_MS, framework/dev/runner-start.ts). @default 0
   */
  runnerStartMs?: number;
  /** Run pipelines side by side, as GitLab's autoscaled runners do. @default false (one at a time) */
  parallelPipelines?: boolean;
  /** Every API answer waits this long first (the clock/latency layer). @default 0 */
  apiLatencyMs?: number;
  /** gitlab.com's published rate limits, or lower ones (a test of a caller nearly out of quota). */
  rateLimits?: GitlabRateLimitOptions;
  /** The clock pipelines and rate-limit windows wait on. @default systemClock */
  clock?: Clock;
}

/** A running emulator. */
export interface GitlabDev {
  /** The instance URL (`GITLAB_URL`), e.g. `http://127.0.0.1:PORT`. */
  url: string;
  /** `${url}/api/v4` */
  apiUrl: string;
  /** The Pages site of the project (its own origin). */
  pagesUrl: string;
  /** The owner's token (`GITLAB_TOKEN`). */
  token: string;
  /** The project path (`--repo`). */
  project: string;
  /** The emulator's state, for tests that set up failures (blocked owners, settings). */
  state: GitlabState;
  /** The bare repository's directory. */
  repoDir: string;
  /** Request counts per caller (tests set a caller nearly out of quota). */
  limits: GitlabRateLimits;
  /** From a trigger, push or schedule to the first step. */
  runnerStartMs: number;
  /** Resolves when no pipeline is queued or running. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', ok);
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function seed(appDir: string, bare: string, branch: string): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), 'gfa-gl-seed-'));
  try {
    await cp(appDir, work, { recursive: true, filter: (src) => !/[\\/](node_modules|\.git|\.gfa[\\/]local)$/.test(src) });
    const env = { ...process.env, GIT_AUTHOR_NAME: 'Owner', GIT_AUTHOR_EMAIL: 'owner@localhost', GIT_COMMITTER_NAME: 'Owner', GIT_COMMITTER_EMAIL: 'owner@localhost' };
    await exec('git', ['init', '-q', '-b', branch, work]);
    await exec('git', ['-C', work, 'add', '-A'], { env });
    await exec('git', ['-C', work, 'commit', '-qm', 'app'], { env });
    await mkdir(dirname(bare), { recursive: true });
    await exec('git', ['init', '-q', '--bare', '-b', branch, bare]);
    // Gitaly serves partial clones (https://docs.gitlab.com/topics/git/clone/#reduce-clone-size).
    await exec('git', ['--git-dir', bare, 'config', 'uploadpack.allowFilter', 'true']);
    await exec('git', ['--git-dir', bare, 'config', 'uploadpack.allowAnySHA1InWant', 'true']);
    await exec('git', ['-C', work, 'push', '-q', bare, `${branch}:${branch}`]);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** Starts the emulator; always `close()` it. */
export async function startGitlabDev(options: GitlabDevOptions): Promise<GitlabDev> {
  const log = options.log ?? (() => {});
  const token = options.ownerToken ?? `glpat-${randomBytes(15).toString('base64url')}`;
  const state = createGitlabState({ ...options, ownerToken: token });
  if (options.build) await (await import('../../build/index.ts')).buildApp(options.appDir, { log });
  const root = await mkdtemp(join(tmpdir(), 'gfa-gitlab-dev-'));
  const reposRoot = join(root, 'repos');
  const dir = repoDir(reposRoot, state);
  await seed(resolve(options.appDir), dir, state.project.default_branch);
  const repo = bareRepo(dir);
  let origin = '';
  const siteDir = join(root, 'pages');
  const clock = options.clock ?? systemClock;
  const runner = createPipelineRunner({ state, repo, origin: () => origin, log, enabled: options.pipelines, siteDir, runnerStartMs: options.runnerStartMs, clock, parallel: options.parallelPipelines === true });
  const limits = new GitlabRateLimits(options.rateLimits, clock);
  // DESIGN.md §7's chain: CORS → clock/latency → rate limit → auth and routes.
  const api = withCors(GITLAB_CORS, chain(
    createGitlabApi({ state, repo, origin: () => origin, startPipeline: (s, r, i) => runner.start(s, r, i), cancelPipeline: (p) => runner.cancel(p) }),
    latency(clock, options.apiLatencyMs ?? 0),
    limits.middleware(state),
  ));
  const portOf = (url: string) => (url === '' ? 0 : Number(new URL(url).port));
  const apiServer = createServer(withHostGuard((req, res) => {
    const url = req.url ?? '/';
    if (isGitPath(state, url)) {
      const before = repo.resolve(state.project.default_branch);
      void serveGit(state, reposRoot, req, res, () => {
        void (async () => {
          if ((await before) !== (await repo.resolve(state.project.default_branch))) await runner.start('push', state.project.default_branch, {});
        })();
      });
      return;
    }
    if (url.startsWith('/api/v4/')) return void serveWithHandler(req, res, origin, api);
    res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ message: '404 Not Found' }));
  }, () => portOf(origin), options.hosts));
  origin = await listen(apiServer);
  let pagesUrl = '';
  const pagesServer = createServer(withHostGuard((req, res) => {
    void serveWithHandler(req, res, origin, (request) => pagesResponse(siteDir, new URL(request.url).pathname));
  }, () => portOf(pagesUrl), options.hosts));
  pagesUrl = await listen(pagesServer);
  state.project.pages.url = `${pagesUrl}/`;
  for (const s of [apiServer, pagesServer]) {
    s.keepAliveTimeout = 65_000;
    s.headersTimeout = 66_000;
  }
  // The owner's first push starts a push pipeline, which publishes Pages.
  await runner.start('push', state.project.default_branch, {});
  log(`GitLab emulator (a test double, not GitLab): ${origin} (API ${origin}/api/v4), project ${state.project.path}, Pages ${pagesUrl}`);
  return {
    url: origin,
    apiUrl: `${origin}/api/v4`,
    pagesUrl: `${pagesUrl}/`,
    token,
    project: state.project.path,
    state,
    repoDir: dir,
    limits,
    runnerStartMs: options.runnerStartMs ?? 0,
    idle: () => runner.idle(),
    async close() {
      runner.cancelPending();
      await runner.idle();
      for (const s of [apiServer, pagesServer]) {
        s.closeAllConnections();
        await new Promise<void>((ok) => s.close(() => ok()));
      }
      await rm(root, { recursive: true, force: true });
    },
  };
}
