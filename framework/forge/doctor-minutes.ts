/**
 * Doctor's minutes budget, for both forges: the runner minutes a month an app's runs imply, from the
 * forge's own record of recent run durations, against the plan's included minutes, with the day the
 * quota would run out. Sources are a list, so each kind of run (schedules today, sessions next) adds
 * one {@link MinutesSource} and nothing else changes. Figures and their sources: framework/forge/FACTS.md
 * ("Minutes and quotas").
 */
import { Cron } from 'croner';
import type { Check } from './types.ts';

const DAY = 86_400_000;

/** One kind of run and the billed minutes a month it implies. */
export interface MinutesSource {
  /** What runs, e.g. `schedule fetch-feeds (*\/30 * * * *)`. */
  label: string;
  /** Billed minutes a month (cost factor applied). */
  minutesPerMonth: number;
  /** How the figure was found, e.g. `1,440 runs × 1 min (median of 10 recent runs: 34 s)`. */
  basis: string;
}

/** The quota the minutes count against. */
export interface MinutesPlan {
  /** `GitHub Free`, `gitlab.com free tier`… */
  name: string;
  /** Included minutes a month; undefined when the runs are not metered (public repositories on GitHub). */
  included: number | undefined;
  /** Why (one clause, shown when the runs are not metered, or to say how the plan was found). */
  note?: string;
}

/** Fires of a 5-field cron (UTC) in the 30 days after `now` (capped, as `* * * * *` is ~43,200). */
export function firesPerMonth(cron: string, now: number = Date.now()): number {
  const c = new Cron(cron, { timezone: 'UTC', paused: true });
  const end = now + 30 * DAY;
  let n = 0;
  for (let d = c.nextRun(new Date(now)); d && d.getTime() < end && n < 50_000; d = c.nextRun(d)) n++;
  return n;
}

/** The median of `values` (undefined for none). */
export function median(values: number[]): number | undefined {
  if (values.length === 0) return undefined;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

const n = (x: number): string => Math.round(x).toLocaleString('en-US');

/**
 * The `minutes` check. Minutes reset on the first of each month (UTC; GitLab: "On the first day of the
 * month the usage is 0"; GitHub: "Minutes reset every month" on the billing cycle, taken here as the
 * calendar month): at a steady rate the quota runs out on day `included / (perMonth / 30)` of the month.
 */
export function minutesCheck(sources: MinutesSource[], plan: MinutesPlan, now: number = Date.now()): Check {
  const total = sources.reduce((a, s) => a + s.minutesPerMonth, 0);
  const detail = sources.map((s) => `${s.label}: ${n(s.minutesPerMonth)} (${s.basis})`).join('; ');
  if (plan.included === undefined) {
    return { id: 'minutes', status: 'ok', message: `about ${n(total)} runner minutes a month, not metered: ${plan.note ?? plan.name}${detail ? ` — ${detail}` : ''}` };
  }
  const share = plan.included > 0 ? total / plan.included : Infinity;
  const head = `about ${n(total)} of the ${n(plan.included)} minutes a month ${plan.name} includes (${Math.round(share * 100)}%)${plan.note ? `, ${plan.note}` : ''}`;
  if (share <= 0.8) return { id: 'minutes', status: 'ok', message: `${head}${detail ? ` — ${detail}` : ''}` };
  const d = new Date(now);
  const monthStart = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  const nextMonth = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
  const outAt = monthStart + (plan.included / (total / 30)) * DAY;
  const fix = 'run the schedules less often, use a self-hosted runner, or buy more minutes';
  if (outAt >= nextMonth) return { id: 'minutes', status: 'warn', message: `${head}: close to the quota; ${fix} — ${detail}` };
  const day = new Date(outAt).toISOString().slice(0, 10);
  return { id: 'minutes', status: 'warn', message: `${head}: at this rate the quota runs out on ${day}${outAt <= now ? ' (already past: runs may be stopped until the 1st)' : ''} and again each month; ${fix} — ${detail}` };
}
