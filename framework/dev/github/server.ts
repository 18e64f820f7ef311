/**
 * `startGithubEmulator`: a GitHub-shaped server on 127.0.0.1 for `gfa dev --as github` and the tests.
 * It is a test double with GitHub's documented behaviour, not GitHub. Layout, after GitHub Enterprise
 * Server (https://docs.github.com/en/enterprise-server@3.17/rest/quickstart): REST under `/api/v3`,
 * git over HTTPS at `/{owner}/{repo}.git` with Basic `x-access-token:<token>`
 * (https://docs.github.com/en/apps/creating-github-apps/authenticating-with-a-github-app/authenticating-as-a-github-app-installation#about-authentication-as-a-github-app-installation),
 * and each repository's Pages site at `/{owner}/{repo}/` on a second port: another origin than the
 * API, as `OWNER.github.io` is not `api.github.com`, so a page's API requests are cross-origin and are
 * answered by the CORS layer as GitHub documents (cors.ts).
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { getSodium } from '../../crypto/sodium.ts';
import { chain, latency } from '../chain.ts';
import { systemClock, type Clock } from '../clock.ts';
import { handleGitHttp } from '../git-http.ts';
import { withCors } from '../cors.ts';
import { withHostGuard } from '../guard.ts';
import { listenLocal } from '../listen.ts';
import { serveWithHandler } from '../node-adapter.ts';
import { GITHUB_CORS } from './cors.ts';
import { gitAccess, gitToken } from './git-auth.ts';
import { recordActivity } from './inactivity.ts';
import { createScheduleTicker } from './schedule-tick.ts';
import { pagesHandler } from './pages.ts';
import { runPage } from './run-page.ts';
import { RateLimits, type GithubRateLimitOptions } from './rate-limit.ts';
import { callerOf, createRestHandler } from './rest.ts';
import { createRunner } from './runs.ts';
import type { GithubState, Permissions, Repo, Token } from './state.ts';
import { ghTime } from './time.ts';
import { Downloads } from './downloads.ts';
import { graphql } from './graphql.ts';
import { serveRaw } from './raw.ts';

const exec = promisify(execFile);

/** A running emulator. */
export interface GithubEmulator {
  /** `http://127.0.0.1:PORT` (GITHUB_SERVER_URL). */
  url: string;
  /** `http://127.0.0.1:PORT/api/v3` (GITHUB_API_URL). */
  apiUrl: string;
  /** The Pages origin, `http://127.0.0.1:PAGES_PORT`: a repository's site is `${pagesUrl}/{owner}/{repo}/`. */
  pagesUrl: string;
  state: GithubState;
  limits: RateLimits;
  /** Creates an empty repository (default branch `main`, public unless said). */
  addRepo(fullName: string, options?: { visibility?: 'public' | 'private'; defaultBranch?: string }): Promise<Repo>;
  /** Issues a fine-grained token for these repositories and permissions (expiring at `expiresAt`, epoch ms, when given). */
  addToken(repos: string[], permissions: Permissions, login?: string, expiresAt?: number): string;
  /**
   * Starts a run of `.github/workflows/<file>` as an event would (e.g. `schedule`) on the default
   * branch; undefined when Actions or the workflow are off (GitHub then starts nothing).
   */
  startRun(fullName: string, file: string, event: string, payload: Record<string, unknown>): Promise<number | undefined>;
  /**
   * Starts the `schedule` runs of `fullName` due on the emulator's clock since the last call (the
   * first call counts from the emulator's start), under GitHub's 60-day rule (schedule-tick.ts);
   * returns their ids.
   */
  tickSchedules(fullName: string): Promise<number[]>;
  /** Resolves when no workflow run is in progress. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

/** One REST request and its answer, for tests that hold the emulator to GitHub's OpenAPI description. */
export interface Exchange {
  method: string;
  /** Path after `/api/v3`, e.g. `/repos/o/r/git/ref/heads/data`. */
  path: string;
  query: URLSearchParams;
  requestHeaders: Headers;
  requestBody?: string;
  status: number;
  responseHeaders: Headers;
  responseBody: string;
}

/** Options of {@link startGithubEmulator}. */
export interface GithubEmulatorOptions {
  port?: number;
  /** Port of the Pages origin; 0 picks a free one. @default 0 */
  pagesPort?: number;
  /** Holds the bare repositories (a temp dir by default, removed on close). */
  root?: string;
  /** Called after each REST answer. */
  onExchange?(exchange: Exchange): void;
  /** Extra environment of the emulated runner (as a self-hosted runner's environment reaches its steps). */
  runnerEnv?: Record<string, string>;
  /**
   * From a dispatch or schedule to the run's first step: the run stays `queued` that long
   * (`gfa dev --as github` uses GITHUB_RUNNER_START_MS, framework/dev/runner-start.ts). @default 0
   */
  runnerStartMs?: number;
  /** Every REST answer waits this long first (the clock/latency layer). @default 0 */
  apiLatencyMs?: number;
  /** GitHub's documented rate limits, or lower ones (a test of a caller nearly out of quota). */
  rateLimits?: GithubRateLimitOptions;
  /** The clock runs and rate-limit windows wait on. @default systemClock */
  clock?: Clock;
  /** Answer as this GitHub Enterprise Server release (state.ts `ghesVersion`); github.com when absent. */
  ghesVersion?: string;
  /** Host names besides 127.0.0.1 and localhost that the servers answer to (`gfa dev --host`); any other `Host` gets 421. */
  hosts?: readonly string[];
}

/** Starts the emulator. Always `close()` it. */
export async function startGithubEmulator(options: GithubEmulatorOptions = {}): Promise<GithubEmulator> {
  const root = options.root ?? join(tmpdir(), `gfa-github-${randomBytes(6).toString('hex')}`);
  await mkdir(root, { recursive: true });
  const sodium = await getSodium();
  const kp = sodium.crypto_box_keypair();
  const state: GithubState = {
    repos: new Map(),
    tokens: new Map(),
    boxKey: { keyId: String(Date.now() % 1e12), publicKey: kp.publicKey, privateKey: kp.privateKey },
    nextId: 1000,
    ...(options.ghesVersion !== undefined ? { ghesVersion: options.ghesVersion } : {}),
  };
  let origin = '';
  let pagesOrigin = '';
  const origins = () => ({ web: origin, api: `${origin}/api/v3`, pages: pagesOrigin });
  const clock = options.clock ?? systemClock;
  const limits = new RateLimits(options.rateLimits, clock);
  const runner = createRunner(state, origins, { runnerEnv: options.runnerEnv, runnerStartMs: options.runnerStartMs, clock });
  const downloads = new Downloads();
  const ticker = createScheduleTicker(clock, (repo, file, cron) => {
    const payload = { schedule: cron, repository: { full_name: `${repo.owner}/${repo.name}`, is_template: repo.isTemplate, private: repo.visibility === 'private', default_branch: repo.defaultBranch } };
    return runner.start(repo, file, 'schedule', payload, repo.defaultBranch);
  });
  const routes = createRestHandler({ state, origins, startRun: runner.start, cancelRun: runner.cancel, limits, downloads, clock });
  // DESIGN.md §7's chain: (CORS →) clock/latency → rate limit → auth and routes.
  const handle = chain((r) => routes(r, new URL(r.url).pathname.slice('/api/v3'.length)), latency(clock, options.apiLatencyMs ?? 0), limits.middleware((r) => callerOf(state, r)));
  const rest = async (req: Request, path: string): Promise<Response> => {
    if (!options.onExchange) return handle(req);
    const requestBody = req.method === 'GET' || req.method === 'HEAD' ? undefined : await req.clone().text();
    const res = await handle(req);
    const responseBody = await res.clone().text();
    options.onExchange({ method: req.method, path, query: new URL(req.url).searchParams, requestHeaders: req.headers, requestBody, status: res.status, responseHeaders: res.headers, responseBody });
    return res;
  };

  const api = withCors(GITHUB_CORS, (r) => rest(r, new URL(r.url).pathname.slice('/api/v3'.length)));
  // GraphQL goes through the same clock/latency and rate-limit layers, on its own budget (`graphql`).
  const graphqlApi = withCors(GITHUB_CORS, chain((r) => graphql(r, state, origins()), latency(clock, options.apiLatencyMs ?? 0), limits.middleware((r) => callerOf(state, r), 'graphql')));

  const portOf = (url: string) => (url === '' ? 0 : Number(new URL(url).port));
  const server = createServer(withHostGuard((req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0]!;
    if (path.startsWith('/api/v3/') || path === '/api/v3') {
      void serveWithHandler(req, res, origin, api);
      return;
    }
    if (path === '/api/graphql') {
      void serveWithHandler(req, res, origin, graphqlApi);
      return;
    }
    const git = /^\/([^/]+)\/([^/]+?)\.git(\/.*)$/.exec(path);
    if (git) {
      const repo = state.repos.get(`${git[1]}/${git[2]}`.toLowerCase());
      const denied = gitAccess(req, repo, state);
      if (denied) {
        res.writeHead(denied.status, denied.headers).end(denied.body);
        return;
      }
      if (path.endsWith('/git-receive-pack')) {
        const pusher = gitToken(req, state);
        res.on('finish', () => {
          repo!.pushedAt = ghTime(clock.now());
          recordActivity(repo!, clock.now(), pusher);
        });
      }
      void handleGitHttp(req, res, { projectRoot: root, remoteUser: 'x-access-token' });
      return;
    }
    if (req.method === 'GET' && path.startsWith('/raw/')) {
      void serveWithHandler(req, res, origin, async (r) => (await serveRaw(state, r)) ?? new Response('Not Found', { status: 404 }));
      return;
    }
    const download = req.method === 'GET' ? downloads.serve(path) : undefined;
    if (download) {
      void serveWithHandler(req, res, origin, () => Promise.resolve(download));
      return;
    }
    const page = req.method === 'GET' ? runPage(state, path) : undefined;
    if (page) {
      res.writeHead(page.status, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': "default-src 'none'", 'x-content-type-options': 'nosniff' }).end(page.body);
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found');
  }, () => portOf(origin), options.hosts));
  server.keepAliveTimeout = 65_000;
  const pagesSite = pagesHandler(state, origins);
  const pagesServer = createServer(withHostGuard((req: IncomingMessage, res: ServerResponse) => void serveWithHandler(req, res, pagesOrigin, pagesSite), () => portOf(pagesOrigin), options.hosts));
  try {
    // The Pages site takes the next port.
    const hint = 'pick another --port, or --port 0 for any free one';
    origin = await listenLocal(server, options.port ?? 0, hint);
    pagesOrigin = await listenLocal(pagesServer, options.pagesPort ?? 0, hint);
  } catch (err) {
    if (server.listening) await new Promise<void>((ok) => server.close(() => ok()));
    if (!options.root) await rm(root, { recursive: true, force: true });
    throw err;
  }

  return {
    url: origin,
    apiUrl: `${origin}/api/v3`,
    pagesUrl: pagesOrigin,
    state,
    limits,
    async addRepo(fullName, o = {}) {
      const [owner, name] = fullName.split('/') as [string, string];
      const dir = join(root, `${owner}/${name}.git`);
      await exec('git', ['init', '--quiet', '--bare', '--initial-branch', o.defaultBranch ?? 'main', dir]);
      for (const [k, v] of [['http.receivepack', 'true'], ['uploadpack.allowFilter', 'true'], ['uploadpack.allowAnySHA1InWant', 'true']]) await exec('git', ['-C', dir, 'config', k!, v!]);
      const now = ghTime();
      const repo: Repo = {
        id: state.nextId++, owner, name, dir, defaultBranch: o.defaultBranch ?? 'main', visibility: o.visibility ?? 'public', isTemplate: false,
        createdAt: now, pushedAt: now, actionsEnabled: true, workflowStates: new Map(), enabledAt: new Map(), secrets: new Map(), runs: [],
      };
      state.repos.set(fullName.toLowerCase(), repo);
      return repo;
    },
    addToken(repos, permissions, login = 'owner', expiresAt) {
      const token = `github_pat_${randomBytes(24).toString('base64url')}`;
      const t: Token = { repos, permissions, kind: 'user', login, ...(expiresAt !== undefined ? { expiresAt } : {}) };
      state.tokens.set(token, t);
      return token;
    },
    async startRun(fullName, file, event, payload) {
      const repo = state.repos.get(fullName.toLowerCase());
      if (!repo || !repo.actionsEnabled || (repo.workflowStates.get(file) ?? 'active') !== 'active') return undefined;
      const full = { ...payload, repository: { full_name: `${repo.owner}/${repo.name}`, is_template: repo.isTemplate, private: repo.visibility === 'private', default_branch: repo.defaultBranch } };
      return runner.start(repo, file, event, full, repo.defaultBranch);
    },
    async tickSchedules(fullName) {
      const repo = state.repos.get(fullName.toLowerCase());
      return repo ? ticker.tick(repo) : [];
    },
    idle: () => runner.idle(),
    async close() {
      runner.cancelQueued();
      await runner.idle();
      for (const s of [server, pagesServer]) {
        s.closeAllConnections();
        await new Promise<void>((ok) => s.close(() => ok()));
      }
      if (!options.root) await rm(root, { recursive: true, force: true });
    },
  };
}
