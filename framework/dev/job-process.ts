/** @module Runs a built job bundle in a child process with the environment a CI runner gives. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ENV } from '../contract.ts';

/** What the bundle prints as its last stdout line. */
export interface JobProcessLine {
  requestId: string | null;
  status: 'ok' | 'error';
  code?: string;
}

/** Options of {@link runJobProcess}. */
export interface JobProcessOptions {
  requestId?: string;
  /** Input as JSON text, passed unparsed (the runtime validates it). */
  input?: string;
  /** A batch's members as JSON text (GFA_BATCH). */
  batch?: string;
  /** @default "trigger" */
  trigger?: 'trigger' | 'schedule' | 'event';
  /** Environment of the child: GFA_REMOTE, GFA_SECRET_KEY, secrets, ... (merged over PATH/HOME). */
  env?: Record<string, string | undefined>;
  /** Copies the child's stderr here as it arrives (e.g. process.stderr.write). */
  onStderr?: (chunk: string) => void;
}

/** Variables passed through from this process (nothing else leaks into a job). */
const PASS = ['PATH', 'HOME', 'TMPDIR', 'LANG', 'TZ', 'SystemRoot', 'GIT_EXEC_PATH'];

/**
 * Runs `node APP_DIR/dist/jobs/<job>.mjs` and resolves when it exits. `result` is the bundle's JSON line
 * (undefined if it printed none, e.g. when killed).
 */
export function runJobProcess(appDir: string, job: string, options: JobProcessOptions = {}): Promise<{ code: number | null; result: JobProcessLine | undefined; stderr: string }> {
  const env: Record<string, string> = {};
  for (const k of PASS) if (process.env[k] !== undefined) env[k] = process.env[k];
  env.GIT_TERMINAL_PROMPT = '0';
  env[ENV.job] = job;
  env[ENV.trigger] = options.trigger ?? 'trigger';
  if (options.requestId !== undefined) env[ENV.requestId] = options.requestId;
  if (options.input !== undefined) env[ENV.input] = options.input;
  if (options.batch !== undefined) env[ENV.batch] = options.batch;
  for (const [k, v] of Object.entries(options.env ?? {})) if (v !== undefined) env[k] = v;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(appDir, 'dist', 'jobs', `${job}.mjs`)], { cwd: appDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString('utf8'); });
    child.stderr.on('data', (d: Buffer) => {
      const s = d.toString('utf8');
      stderr += s;
      options.onStderr?.(s);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const last = stdout.trim().split('\n').pop() ?? '';
      let result: JobProcessLine | undefined;
      try {
        result = last ? (JSON.parse(last) as JobProcessLine) : undefined;
      } catch {
        result = undefined;
      }
      resolve({ code, result, stderr });
    });
  });
}
