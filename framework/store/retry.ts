/**
 * When a transaction that lost a race runs again: until a time budget runs out (not after a fixed
 * count, which fresh writers exhaust while they keep landing), with a short, widely jittered wait,
 * so the writer that has waited longest keeps its chances against newcomers.
 */
import { ENV } from '../contract.ts';
import { GfaError } from '../errors.ts';
import type { TxOptions } from './types.ts';

/** The default time budget of a transaction's retries (long enough for a busy CI). */
export const DEFAULT_TX_DEADLINE_MS = 60_000;
/** The longest wait between two attempts: low enough that an old waiter keeps retrying as often as a newer one, high enough that many writers do not swamp the remote. */
const CAP_MS = 500;
const BASE_MS = 20;

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
      // Full jitter: anywhere from 0 to the (low) cap, so no waiter is systematically behind.
      const ms = Math.random() * Math.min(CAP_MS, BASE_MS * 2 ** Math.min(attempt, 10));
      if (attempt > retries || now() + ms > deadline) {
        const why = attempt > retries ? `the retries option (${retries})` : `the ${Math.round((deadline - start) / 1000)} s deadline`;
        throw new GfaError('E_PUSH_CONFLICT', `could not commit to ${where} after ${attempt} attempts in ${((now() - start) / 1000).toFixed(1)} s: other writers kept changing it and ${why} ran out; retry later, or raise the deadline option or ${ENV.txDeadline}`);
      }
      await new Promise((r) => setTimeout(r, ms));
    },
  };
}
