/** @module The entry of a job bundle: run the job, print one JSON line on stdout, exit 0 (ok) or 1 (error). */
import type { AppDefinition } from '../app/types.ts';
import { isGfaError } from '../errors.ts';
import { ENV } from '../contract.ts';
import { maskSecrets, sealedAppOnPublicLog } from './log.ts';
import { sensitiveEnvValues } from './remote.ts';
import { runJob, type RunJobOptions } from './run.ts';

/** Runs job `name` of `app` in this process with `process.env`, then exits. Used by generated bundles. */
export async function main(app: AppDefinition, name: string, deps: Pick<RunJobOptions, 'openStore'>): Promise<never> {
  // Every line this entry writes itself is masked too, down to the last-resort one.
  const job = Object.hasOwn(app.jobs, name) ? app.jobs[name] : undefined;
  const masks = [...sensitiveEnvValues(process.env), ...(job?.secrets ?? []).map((s) => process.env[s] ?? '').filter((v) => v.length > 0)];
  const say = (text: string): void => void process.stderr.write(maskSecrets(text, masks));
  let onCrash: (err: unknown) => void = () => {};
  const crash = new Promise<never>((_, reject) => { onCrash = reject; });
  crash.catch(() => {});
  const crashed = (err: unknown): void => {
    onCrash(err);
    // A crash outside the handler (nothing races `crash`) must not leave the job hanging: give the
    // error result a bounded time to be written, then fail.
    setTimeout(() => {
      process.stderr.write(`gfa: job ${name}: crashed and no result was written (set ${ENV.debug}=1 for the stack)\n`);
      if (process.env[ENV.debug] === '1' && err instanceof Error) say(`${err.stack ?? ''}\n`);
      process.stdout.write(`${JSON.stringify({ requestId: null, status: 'error', code: 'E_INTERNAL' })}\n`, () => process.exit(1));
    }, 30_000);
  };
  process.on('uncaughtException', crashed);
  process.on('unhandledRejection', crashed);
  let code = 1;
  let line: Record<string, unknown>;
  try {
    const result = await runJob(app, name, { env: process.env, openStore: deps.openStore, crash });
    // A refused stranger's event is the job working as configured, not a failed run.
    code = result.status === 'ok' || result.error?.code === 'E_UNTRUSTED' ? 0 : 1;
    // A CI log is public for public repositories: for an encrypted app it names the code and request
    // id only, since messages can carry user text (a feed's host); the result itself holds the message, sealed.
    const publicLog = sealedAppOnPublicLog(app.store?.encrypt === true, process.env);
    const err = !result.error ? '' : publicLog ? ` ${result.error.code} (the message is in the encrypted result)` : ` ${result.error.code}: ${result.error.message}`;
    say(`gfa: job ${name} request ${result.requestId}: ${result.status}${err}\n`);
    line = { requestId: result.requestId, status: result.status, ...(result.error ? { code: result.error.code } : {}) };
  } catch (err) {
    const message = isGfaError(err) ? err.message : err instanceof Error ? `internal error: ${err.message}` : String(err);
    say(`gfa: job ${name}: ${(message.split('\n')[0] ?? '').trim()} (no result written)\n`);
    if (process.env[ENV.debug] === '1' && err instanceof Error) say(`${err.stack ?? ''}\n`);
    line = { requestId: null, status: 'error', code: isGfaError(err) ? err.code : 'E_INTERNAL' };
  }
  // Exit explicitly: a handler's leftover timers or keep-alive sockets must not keep a CI job running.
  await new Promise<void>((resolve) => process.stdout.write(`${JSON.stringify(line)}\n`, () => resolve()));
  process.exit(code);
}
