/**
 * `startDevServer`: the embedded local forge. Builds the app, then serves on 127.0.0.1 the app's data
 * remote (real `git http-backend`), the trigger and read endpoints, `.gfa/keys.json` and the Pages
 * build; runs schedules with croner and jobs as child processes; rebuilds when sources change.
 */
import { readFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import type { Manifest } from '../app/manifest.ts';
import { GfaError } from '../errors.ts';
import { banner } from './banner.ts';
import { localCredentials, type KdfLimits } from './credentials.ts';
import { handleGitHttp } from './git-http.ts';
import { createGuard, GIT_USER } from './guard.ts';
import { writeLostResult } from './lost-result.ts';
import { createDevHandler, type DevHandler } from './handler.ts';
import { createJobRunner } from './jobs.ts';
import { newRequestId } from '../contract.ts';
import { fireAllSchedules } from './routes-jobs.ts';
import { serveWithHandler } from './node-adapter.ts';
import { armSchedules, type Scheduler } from './schedules.ts';
import { watchSources } from './watch.ts';

/** Options of {@link startDevServer}. */
export interface DevServerOptions {
  /** The app folder (holding gfa.config.ts). */
  appDir: string;
  /** Port on 127.0.0.1; 0 picks a free one. @default 0 */
  port?: number;
  /** Owner passphrase; default: the one stored under APP_DIR/.gfa/local/, generated on first use. */
  passphrase?: string;
  /** Fire every schedule once at startup. @default false */
  tick?: boolean;
  /** Rebuild when sources change. @default true */
  watch?: boolean;
  /** Where lines go. @default stdout */
  log?: (line: string) => void;
  /**
   * How jobs reach the data remote: `path` (the bare repo on disk; ~0.5 s faster per run, since every
   * smart-HTTP round trip spawns `git http-backend`) or `http` (through this server, as a CI runner would).
   * @default "path"
   */
  jobRemote?: 'path' | 'http';
  /** Extra host names (`--host`) the server answers to besides 127.0.0.1:PORT and localhost:PORT. */
  hosts?: string[];
  /** Argon2id limits for `.gfa/keys.json`. Tests only: the default is MODERATE; weaker needs `allowWeak` on unlock. */
  kdf?: KdfLimits;
  /** Milliseconds from a trigger or schedule to its job's start, as a runner takes (see `gfa dev --as … --runner-start`). @default 0 */
  runnerStartMs?: number;
}

/** A running dev server. */
export interface DevServer {
  /** `http://127.0.0.1:PORT` */
  url: string;
  /**
   * The data remote with its credential: `http://gfa:<random>@127.0.0.1:PORT/git/remote.git`. The
   * password is new on every start and never printed; jobs get this URL in GFA_REMOTE.
   */
  remoteUrl: string;
  passphrase: string;
  /** The trigger credential (also wrapped in `.gfa/keys.json`), for scripts and tests on this machine. */
  triggerToken: string;
  /** The fetch-style handler (no git remote), for in-process requests. */
  handler: DevHandler;
  /** Resolves when no job is running. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

async function buildAndLoad(appDir: string): Promise<Manifest> {
  const { buildApp } = await import('../build/index.ts');
  await buildApp(appDir);
  return JSON.parse(await readFile(join(appDir, 'dist', 'gfa.json'), 'utf8')) as Manifest;
}

/** Builds the app and starts serving it. Always `close()` it. */
export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const appDir = resolve(options.appDir);
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  let manifest = await buildAndLoad(appDir);
  const { localState } = await import('./local-state.ts');
  const state = await localState(appDir);
  const creds = await localCredentials(state.dir, { passphrase: options.passphrase, secretKey: state.secretKey, kdf: options.kdf });

  let origin = '';
  const runner = createJobRunner({
    appDir,
    manifest: () => manifest,
    remote: state.remote, // or the HTTP URL, set once the port is known (below)
    secretKey: state.secretKey,
    cacheDir: state.cacheDir,
    log,
    runnerStartMs: options.runnerStartMs,
    // The bare repo's path: recording a lost result needs no HTTP round trip.
    onFailed: (record) => writeLostResult(record, { remote: state.remote, manifest, secretKey: state.secretKey, cacheDir: state.cacheDir }),
  });
  const handler = createDevHandler({
    repo: state.remote,
    manifest: () => manifest,
    runner,
    triggerToken: creds.triggerToken,
    keysFile: creds.keysFile,
    pagesDir: join(appDir, 'dist', 'pages'),
    url: () => origin,
  });

  const gitPassword = randomBytes(24).toString('base64url');
  let port = 0;
  const guard = createGuard({ port: () => port, hosts: options.hosts, gitPassword });
  const server = createServer((req, res) => {
    const refused = guard(req);
    if (refused) {
      res.writeHead(refused.status, { 'content-type': 'application/json; charset=utf-8', ...refused.headers });
      res.end(JSON.stringify({ error: refused.error, code: refused.code }));
      req.resume();
      return;
    }
    if (!(req.url ?? '').startsWith('/')) {
      res.writeHead(400, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify({ error: 'request target must be a path', code: 'E_USAGE' }));
      return;
    }
    if ((req.url ?? '').startsWith('/git/')) {
      if (!/^\/git\/remote\.git(?:\/|$)/.test(req.url ?? '')) {
        res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'the data remote is /git/remote.git', code: 'E_NOT_FOUND' }));
        return;
      }
      void handleGitHttp(req, res, { projectRoot: state.dir, prefix: '/git' });
      return;
    }
    void serveWithHandler(req, res, origin, handler);
  });
  // Clients (browsers, Node's fetch) keep idle connections for a few seconds and may reuse one just
  // as the server closes it ("fetch failed" after an idle pause such as unlock's Argon2id). Keep
  // idle connections far longer than clients do, so the client always closes first.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  await new Promise<void>((ok, fail) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      fail(new GfaError('E_LISTEN', `cannot listen on 127.0.0.1:${options.port ?? 0} (${err.code ?? err.message}); pick another --port`, { cause: err })),
    );
    server.listen(options.port ?? 0, '127.0.0.1', ok);
  });
  port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
  const publicRemoteUrl = `${origin}/git/remote.git`;
  const remoteUrl = `http://${GIT_USER}:${gitPassword}@127.0.0.1:${port}/git/remote.git`;
  if (options.jobRemote === 'http') runner.setRemote(remoteUrl);

  const fire = (job: string, cron: string): void => void runner.run({ job, requestId: newRequestId({ tag: 'cron-' }), trigger: 'schedule', schedule: cron });
  let scheduler: Scheduler = armSchedules(manifest, fire);
  log(banner({ url: origin, remoteUrl: publicRemoteUrl, passphrase: creds.passphrase, generated: options.passphrase === undefined, manifest, scheduler }));

  const watcher =
    options.watch === false
      ? { close() {} }
      : watchSources(appDir, async () => {
          const started = Date.now();
          try {
            manifest = await buildAndLoad(appDir);
            scheduler.stop();
            scheduler = armSchedules(manifest, fire);
            log(`rebuilt in ${((Date.now() - started) / 1000).toFixed(2)}s`);
          } catch (err) {
            log(`rebuild failed: ${(err as Error).message.split('\n')[0]} (still serving the last good build)`);
          }
        });
  if (options.tick) fireAllSchedules({ manifest: () => manifest, runner });

  return {
    url: origin,
    remoteUrl,
    passphrase: creds.passphrase,
    triggerToken: creds.triggerToken,
    handler,
    idle: () => runner.idle(),
    async close() {
      watcher.close();
      scheduler.stop();
      await runner.stop();
      server.closeAllConnections();
      await new Promise<void>((ok) => server.close(() => ok()));
    },
  };
}
