/**
 * Doctor's schedule checks on GitHub: has each schedule run lately (scheduled runs vs the cron), crons
 * at minute 0 (GitHub delays and drops those most: https://docs.github.com/en/actions/reference/workflows-and-actions/events-that-trigger-workflows#schedule),
 * the 60-day inactivity rule on public repositories (schedules are disabled after 60 days without
 * repository activity), and on private repositories the billed minutes the schedules imply (each job
 * rounds up to a whole minute: https://docs.github.com/en/billing/managing-billing-for-your-products/managing-billing-for-github-actions/about-billing-for-github-actions).
 */
import { Cron } from 'croner';
import type { Manifest } from '../../app/manifest.ts';
import type { Check } from '../types.ts';
import type { GithubApi } from './octokit.ts';

const DAY = 86_400_000;

/** Fires of `cron` in the 30 days from now (capped; a `* * * * *` cron is ~43,200). */
function firesPerMonth(cron: string): number {
  const c = new Cron(cron, { timezone: 'UTC', paused: true });
  const end = Date.now() + 30 * DAY;
  let n = 0;
  for (let d = c.nextRun(); d && d.getTime() < end && n < 50_000; d = c.nextRun(d)) n++;
  return n;
}

/** The schedule-related checks. */
export async function scheduleChecks(api: GithubApi, t: { owner: string; repo: string }, m: Manifest, info: { private: boolean; pushed_at?: string | null }): Promise<Check[]> {
  const checks: Check[] = [];
  let monthly = 0;
  for (const [job, def] of Object.entries(m.jobs).sort(([a], [b]) => a.localeCompare(b))) {
    if (def.schedules.length === 0) continue;
    const id = `schedule:${job}`;
    for (const cron of def.schedules) monthly += firesPerMonth(cron);
    const atZero = def.schedules.filter((c) => c.trim().split(/\s+/)[0] === '0');
    const runs = await api.octokit.actions.listWorkflowRuns({ ...t, workflow_id: `gfa-${job}.yml`, event: 'schedule', per_page: 1 }).then((r) => r.data.workflow_runs, () => undefined);
    const last = runs?.[0]?.created_at;
    const prev = Math.min(...def.schedules.map((c) => new Cron(c, { timezone: 'UTC', paused: true }).previousRuns(2).at(-1)?.getTime() ?? Date.now()));
    if (atZero.length > 0) checks.push({ id, status: 'warn', message: `${atZero.join(', ')} runs at minute 0, when GitHub delays or drops most scheduled runs; pick another minute` });
    else if (runs === undefined) checks.push({ id, status: 'warn', message: 'cannot list its runs; give the token Actions: read' });
    else if (!last) checks.push({ id, status: 'warn', message: 'no scheduled run yet (GitHub starts schedules only from the default branch, and not in forks)' });
    // Later than two periods plus an hour of GitHub's usual delay: the schedule is not running.
    else if (Date.parse(last) < prev - 3_600_000) checks.push({ id, status: 'warn', message: `last scheduled run ${last}, later runs are missing; check the Actions tab` });
    else checks.push({ id, status: 'ok', message: `last scheduled run ${last}` });
  }
  if (monthly === 0) return checks;
  if (!info.private) {
    const bite = new Date(Date.parse(info.pushed_at ?? new Date().toISOString()) + 60 * DAY);
    const soon = bite.getTime() - Date.now() < 14 * DAY;
    checks.push({ id: 'inactivity', status: soon ? 'warn' : 'ok', message: `public repository: GitHub disables the schedules on ${bite.toISOString().slice(0, 10)} unless something is pushed before${soon ? '; push a commit to the default branch' : ''}` });
  } else {
    checks.push({ id: 'minutes', status: 'ok', message: `the schedules bill at least ${monthly} minutes a month (each run rounds up to a minute); GitHub Free includes 2,000` });
  }
  return checks;
}
