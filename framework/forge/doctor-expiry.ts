/**
 * Doctor's credential-expiry check, for both forges: an expired credential is an error (the page or
 * the jobs stop working), one that expires within {@link EXPIRY_WARN_DAYS} days a warning with the
 * date, one without an expiry date an `ok` that says so.
 */
import type { Check } from './types.ts';

/** Warn this many days ahead. */
export const EXPIRY_WARN_DAYS = 30;
const DAY = 86_400_000;

/** The check `id` for `what` (e.g. "the browser credential") expiring at `expiresAt` (epoch ms; undefined: no expiry known). */
export function expiryCheck(id: string, what: string, expiresAt: number | undefined, fix: string, now: number = Date.now()): Check {
  if (expiresAt === undefined) return { id, status: 'ok', message: `${what} has no expiry date` };
  const day = new Date(expiresAt).toISOString().slice(0, 10);
  if (expiresAt <= now) return { id, status: 'error', message: `${what} expired on ${day}; ${fix}` };
  const left = Math.floor((expiresAt - now) / DAY);
  if (left < EXPIRY_WARN_DAYS) return { id, status: 'warn', message: `${what} expires on ${day}, in ${left} day${left === 1 ? '' : 's'}; ${fix}` };
  return { id, status: 'ok', message: `${what} expires on ${day}` };
}
