/**
 * Doctor's schedule checks on GitHub: has each schedule run lately (scheduled runs vs the cron), crons
 * at minute 0 (GitHub delays and drops those most: https://docs.github.com/en/actions/reference/workflows-and-actions/events-that-trigger-workflows#schedule),
 * the 60-day inactivity rule on public repositories (schedules are disabled after 60 days without
 * repository activity; gfa-keepalive.yml keeps them on), and the minutes budget (doctor-budget.ts).
 */
import { Cron } from 'croner';
import type { Manifest } from '../../app/manifest.ts';
import type { Check } from '../types.ts';
import { KEEPALIVE_WORKFLOW } from '../../contract.ts';
import { githubMinutesCheck } from './doctor-budget.ts';
import type { GithubApi } from './octokit.ts';

const DAY = 86_400_000;

/** The schedule-related checks. */
export async function scheduleChecks(api: GithubApi, t: { owner: string; repo: string }, m: Manifest, info: { private: boolean; pushed_at?: string | null; owner?: { type?: string } }): Promise<Check[]> {
  const checks: Check[] = [];
  let scheduled = false;
  for (const [job, def] of Object.entries(m.jobs).sort(([a], [b]) => a.localeCompare(b))) {
    if (def.schedules.length === 0) continue;
    const id = `schedule:${job}`;
    scheduled = true;
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
  if (!scheduled) return checks;
  if (!info.private) checks.push(await inactivityCheck(api, t, info.pushed_at));
  const minutes = await githubMinutesCheck(api, t, m, info);
  if (minutes) checks.push(minutes);
  return checks;
}

/**
 * The 60-day rule: with gfa-keepalive.yml active, the schedules are re-enabled every week; without it,
 * the date GitHub would disable them counted from the last push (a push by the data job's
 * GITHUB_TOKEN may not count as activity: pipeline/keepalive.ts).
 */
async function inactivityCheck(api: GithubApi, t: { owner: string; repo: string }, pushedAt: string | null | undefined): Promise<Check> {
  const keepalive = await api.octokit.actions.getWorkflow({ ...t, workflow_id: KEEPALIVE_WORKFLOW }).then((r) => r.data.state, () => undefined);
  if (keepalive === 'active') return { id: 'inactivity', status: 'ok', message: `public repository: ${KEEPALIVE_WORKFLOW} re-enables the schedules every week, so GitHub's 60-day rule does not stop them` };
  const bite = new Date(Date.parse(pushedAt ?? new Date().toISOString()) + 60 * DAY);
  const why = keepalive === undefined ? `${KEEPALIVE_WORKFLOW} is missing (run gfa build, commit and push)` : `${KEEPALIVE_WORKFLOW} is ${keepalive} (enable it in the Actions tab)`;
  return { id: 'inactivity', status: 'warn', message: `public repository: GitHub disables the schedules after 60 days without activity, as soon as ${bite.toISOString().slice(0, 10)} (the data job's own pushes may not count), and ${why}` };
}
