/**
 * When a transaction that lost a race runs again: until a time budget runs out (not after a fixed
 * count, which fresh writers exhaust while they keep landing), with a widely jittered wait that
 * grows with the attempts, and shrinks again for a writer that has waited long, so it keeps its
 * chances against newcomers.
 */
import { ENV } from '../contract.ts';
import { GfaError } from '../errors.ts';
import type { TxOptions } from './types.ts';

/** The default time budget of a transaction's retries (long enough for a busy CI). */
export const DEFAULT_TX_DEADLINE_MS = 60_000;
/**
 * Waits grow with the attempts (many writers must not swamp the remote with pushes that lose) up to
 * a cap; a writer that has spent a third of its budget waits at most a quarter of that, so it is
 * not starved by newer writers.
 */
const CAP_MS = 2000;
const BASE_MS = 25;
const PATIENT_CAP_MS = 500;

/** The retry budget of one transaction. */
export interface RetryBudget {
  /**
   * Waits before the next attempt (`attempt` = attempts made so far); throws `E_PUSH_CONFLICT`
   * naming `where` once the count or the deadline is spent.
   */
  wait(attempt: number, where: string): Promise<void>;
}

/** The deadline in ms: the option, else `GFA_TX_DEADLINE_MS`, else {@link DEFAULT_TX_DEADLINE_MS}. */
export function txDeadline(options?: TxOptions, env: Record<string, string | undefined> = globalThis.process?.env ?? {}): number {
  if (options?.deadline !== undefined) return checkMs(options.deadline, 'the deadline option');
  const fromEnv = env[ENV.txDeadline];
  if (fromEnv !== undefined && fromEnv !== '') return checkMs(Number(fromEnv), ENV.txDeadline);
  return DEFAULT_TX_DEADLINE_MS;
}

function checkMs(ms: number, what: string): number {
  if (!Number.isFinite(ms) || ms < 0) throw new GfaError('E_USAGE', `${what} must be a number of milliseconds >= 0`);
  return ms;
}

/** Starts the budget of a transaction now. */
export function retryBudget(options?: TxOptions, now: () => number = Date.now): RetryBudget {
  const start = now();
  const deadline = start + txDeadline(options);
  const retries = options?.retries ?? Number.POSITIVE_INFINITY;
  return {
    async wait(attempt, where) {
      // Wide jitter (half to one and a half times the step), so no waiter is systematically behind.
      const patient = now() - start > (deadline - start) / 3;
      const ms = Math.min(patient ? PATIENT_CAP_MS : CAP_MS, BASE_MS * 2 ** Math.min(attempt - 1, 10)) * (0.5 + Math.random());
      if (attempt > retries || now() + ms > deadline) {
        const why = attempt > retries ? `the retries option (${retries})` : `the ${Math.round((deadline - start) / 1000)} s deadline`;
        throw new GfaError('E_PUSH_CONFLICT', `could not commit to ${where} after ${attempt} attempts in ${((now() - start) / 1000).toFixed(1)} s: other writers kept changing it and ${why} ran out; retry later, or raise the deadline option or ${ENV.txDeadline}`);
      }
      await new Promise((r) => setTimeout(r, ms));
    },
  };
}
