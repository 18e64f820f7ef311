/** @module The entry of a job bundle: run the job, print one JSON line on stdout, exit 0 (ok) or 1 (error). */
import type { AppDefinition } from '../app/types.ts';
import { isGfaError } from '../errors.ts';
import { ENV } from './contract.ts';
import { runJob, type RunJobOptions } from './run.ts';

/** Runs job `name` of `app` in this process with `process.env`, then exits. Used by generated bundles. */
export async function main(app: AppDefinition, name: string, deps: Pick<RunJobOptions, 'openStore'>): Promise<never> {
  let onCrash: (err: unknown) => void = () => {};
  const crash = new Promise<never>((_, reject) => { onCrash = reject; });
  crash.catch(() => {});
  process.on('uncaughtException', (err) => onCrash(err));
  process.on('unhandledRejection', (err) => onCrash(err));
  let code = 1;
  let line: Record<string, unknown>;
  try {
    const result = await runJob(app, name, { env: process.env, openStore: deps.openStore, crash });
    code = result.status === 'ok' ? 0 : 1;
    const err = result.error ? ` ${result.error.code}: ${result.error.message}` : '';
    process.stderr.write(`gfa: job ${name} request ${result.requestId}: ${result.status}${err}\n`);
    line = { requestId: result.requestId, status: result.status, ...(result.error ? { code: result.error.code } : {}) };
  } catch (err) {
    const message = isGfaError(err) ? err.message : err instanceof Error ? `internal error: ${err.message}` : String(err);
    process.stderr.write(`gfa: job ${name}: ${(message.split('\n')[0] ?? '').trim()} (no result written)\n`);
    if (process.env[ENV.debug] === '1' && err instanceof Error) process.stderr.write(`${err.stack ?? ''}\n`);
    line = { requestId: null, status: 'error', code: isGfaError(err) ? err.code : 'E_INTERNAL' };
  }
  // Exit explicitly: a handler's leftover timers or keep-alive sockets must not keep a CI job running.
  await new Promise<void>((resolve) => process.stdout.write(`${JSON.stringify(line)}\n`, () => resolve()));
  process.exit(code);
}
