/**
 * Runs job bundles as child processes with the environment a CI runner gives (see
 * framework/runtime/contract.ts). Jobs may run concurrently; a crashing job never takes the server down.
 */
import { spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Manifest } from '../app/manifest.ts';
import { ENV } from '../runtime/contract.ts';

/** What starts a run. */
export interface RunRequest {
  job: string;
  requestId: string;
  /** Parsed trigger input (sent to the job as JSON text). */
  input?: unknown;
  trigger: 'trigger' | 'schedule';
  /** For schedules: the cron expression that fired. */
  schedule?: string;
}

/** How a run ended. */
export interface RunRecord extends RunRequest {
  status: 'ok' | 'error';
  exitCode: number | null;
  durationMs: number;
}

/** Options of {@link createJobRunner}. */
export interface JobRunnerOptions {
  appDir: string;
  /** The current manifest (rebuilds swap it). */
  manifest(): Manifest;
  /** Data remote URL the jobs read and write (can be set later with `setRemote`). */
  remote: string;
  secretKey?: string;
  cacheDir: string;
  /** One line per event. */
  log(line: string): void;
}

/** Starts and tracks job processes. */
export interface JobRunner {
  /** Starts a run; resolves when the process has exited. Never rejects. */
  run(request: RunRequest): Promise<RunRecord>;
  /** Resolves when no job is running. */
  idle(): Promise<void>;
  /** Kills running jobs. */
  stop(): Promise<void>;
  /** Points later runs at another data remote (the server knows its URL only once listening). */
  setRemote(url: string): void;
}

/** Environment passed through from the dev server's own environment (nothing else leaks into jobs). */
const PASS = ['PATH', 'HOME', 'TMPDIR', 'LANG', 'TZ', 'SystemRoot'];

/** Creates a job runner for one app. */
export function createJobRunner(options: JobRunnerOptions): JobRunner {
  const running = new Set<Promise<RunRecord>>();
  const children = new Set<ReturnType<typeof spawn>>();
  let remote = options.remote;

  function envFor(req: RunRequest, secrets: string[]): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = {};
    for (const k of [...PASS, ...secrets]) if (process.env[k] !== undefined) env[k] = process.env[k];
    const m = options.manifest();
    Object.assign(env, {
      [ENV.job]: req.job,
      [ENV.requestId]: req.requestId,
      [ENV.trigger]: req.trigger,
      [ENV.remote]: remote,
      [ENV.branch]: m.store.branch,
      [ENV.history]: m.store.history,
      // Each run gets its own cache: concurrent git processes must not share one index/lock.
      [ENV.cacheDir]: join(options.cacheDir, req.requestId),
      GIT_TERMINAL_PROMPT: '0',
    });
    if (req.input !== undefined) env[ENV.input] = JSON.stringify(req.input);
    if (req.schedule !== undefined) env[ENV.schedule] = req.schedule;
    if (options.secretKey !== undefined) env[ENV.secretKey] = options.secretKey;
    return env;
  }

  function start(req: RunRequest): Promise<RunRecord> {
    const job = options.manifest().jobs[req.job];
    const started = Date.now();
    return new Promise((resolve) => {
      const finish = (exitCode: number | null): void => {
        void rm(join(options.cacheDir, req.requestId), { recursive: true, force: true }).catch(() => {});
        const record: RunRecord = { ...req, status: exitCode === 0 ? 'ok' : 'error', exitCode, durationMs: Date.now() - started };
        const secs = (record.durationMs / 1000).toFixed(2);
        options.log(`job ${req.job} ${req.requestId} ${record.status}${exitCode !== 0 ? ` (exit ${exitCode})` : ''} ${secs}s`);
        resolve(record);
      };
      if (!job) {
        finish(null);
        return;
      }
      const child = spawn(process.execPath, [join(options.appDir, job.bundle)], {
        cwd: options.appDir,
        env: envFor(req, job.secrets),
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      children.add(child);
      let tail = '';
      child.stderr?.on('data', (d: Buffer) => {
        tail = (tail + d.toString('utf8')).slice(-4000);
      });
      child.on('error', () => {
        children.delete(child);
        finish(null);
      });
      child.on('close', (code) => {
        children.delete(child);
        if (code !== 0) for (const line of tail.trimEnd().split('\n').slice(-5)) options.log(`  ${req.job}| ${line}`);
        finish(code);
      });
    });
  }

  return {
    run(req) {
      const p = start(req);
      running.add(p);
      void p.finally(() => running.delete(p));
      return p;
    },
    async idle() {
      while (running.size > 0) await Promise.all([...running]);
    },
    setRemote(url) {
      remote = url;
    },
    async stop() {
      for (const c of children) c.kill('SIGTERM');
      await this.idle();
    },
  };
}
