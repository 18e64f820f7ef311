/**
 * Runs job bundles as child processes with the environment a CI runner gives (the app helper's
 * `runJobProcess`; see framework/contract.ts). Jobs may run concurrently; a crashing job
 * never takes the server down, and a job that dies without a result gets an error result written for it.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Manifest } from '../app/manifest.ts';
import { ENV } from '../contract.ts';
import type { RequestItem } from '../forge/types.ts';
import { runJobProcess } from './job-process.ts';

/** What starts a run. */
export interface RunRequest {
  job: string;
  requestId: string;
  /** Parsed trigger input (sent to the job as JSON text). */
  input?: unknown;
  /** A batch's members (requestId is then the batch id). */
  batch?: RequestItem[];
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
  /** Called after a run that did not exit 0, to make sure it has a result (the job may have died before writing one). */
  onFailed?(record: RunRecord): Promise<void>;
  /**
   * Milliseconds from a run's request to its job's start, as a forge's runner takes (the doubles'
   * latency model, framework/dev/runner-start.ts). Tests that must see a run still pending use it. @default 0
   */
  runnerStartMs?: number;
}

/** Starts and tracks job processes. */
export interface JobRunner {
  /** Starts a run; resolves when the process has exited. Never rejects. */
  run(request: RunRequest): Promise<RunRecord>;
  /** Resolves when no job is running. */
  idle(): Promise<void>;
  /** Waits for running jobs (they are short; killing one mid-push would only cost a retry). */
  stop(): Promise<void>;
  /** Points later runs at another data remote (the server knows its URL only once listening). */
  setRemote(url: string): void;
}

/** Creates a job runner for one app. */
export function createJobRunner(options: JobRunnerOptions): JobRunner {
  const running = new Set<Promise<RunRecord>>();
  let remote = options.remote;

  async function start(req: RunRequest): Promise<RunRecord> {
    const started = Date.now();
    if (options.runnerStartMs) await new Promise((ok) => setTimeout(ok, options.runnerStartMs));
    const m = options.manifest();
    const job = Object.hasOwn(m.jobs, req.job) ? m.jobs[req.job] : undefined;
    const cacheDir = join(options.cacheDir, req.requestId);
    const env: Record<string, string | undefined> = {
      [ENV.remote]: remote,
      [ENV.branch]: m.store.branch,
      [ENV.history]: m.store.history,
      // Each run gets its own cache: concurrent git processes must not share one index.
      [ENV.cacheDir]: cacheDir,
      [ENV.secretKey]: options.secretKey,
      [ENV.schedule]: req.schedule,
    };
    for (const name of job?.secrets ?? []) env[name] = process.env[name];
    let exitCode: number | null = null;
    let stderr = '';
    if (job) {
      try {
        const out = await runJobProcess(options.appDir, req.job, {
          requestId: req.requestId,
          input: req.input === undefined ? undefined : JSON.stringify(req.input),
          ...(req.batch ? { batch: JSON.stringify(req.batch) } : {}),
          trigger: req.trigger,
          env,
        });
        exitCode = out.code;
        stderr = out.stderr;
      } catch (err) {
        stderr = `cannot start the job: ${(err as Error).message}`;
      }
    }
    await rm(cacheDir, { recursive: true, force: true }).catch(() => {});
    const record: RunRecord = { ...req, status: exitCode === 0 ? 'ok' : 'error', exitCode, durationMs: Date.now() - started };
    if (exitCode !== 0) {
      for (const line of stderr.trimEnd().split('\n').slice(-5)) if (line) options.log(`  ${req.job}| ${line}`);
      if (options.onFailed) {
        await options.onFailed(record).catch((err: Error) => options.log(`  could not record a result for ${req.requestId}: ${err.message.split('\n')[0]}`));
      }
    }
    const secs = (record.durationMs / 1000).toFixed(2);
    options.log(`job ${req.job} ${req.requestId} ${record.status}${exitCode !== 0 ? ` (exit ${exitCode ?? 'signal'})` : ''} ${secs}s`);
    return record;
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
    async stop() {
      await this.idle();
    },
    setRemote(url) {
      remote = url;
    },
  };
}
