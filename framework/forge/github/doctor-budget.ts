/**
 * Doctor's minutes budget on GitHub (the shared check is ../doctor-minutes.ts). Durations come from the
 * last completed scheduled runs of each job's workflow (`GET .../actions/workflows/{file}/runs`,
 * `run_started_at` to `updated_at`, https://docs.github.com/en/rest/actions/workflow-runs); each gfa
 * workflow has one job, and GitHub rounds each job up to a whole minute. Public repositories on
 * standard runners are not metered; private ones count against the owner's plan: Free 2,000, Pro
 * 3,000, Team 3,000, Enterprise Cloud 50,000 minutes a month
 * (https://docs.github.com/en/billing/concepts/product-billing/github-actions, read 2026-12-07).
 */
import type { Manifest } from '../../app/manifest.ts';
import { firesPerMonth, median, minutesCheck, type MinutesPlan, type MinutesSource } from '../doctor-minutes.ts';
import type { Check } from '../types.ts';
import type { GithubApi } from './octokit.ts';

/** Included minutes a month by `plan.name` as `GET /user` or `GET /orgs/{org}` report it. */
export const GITHUB_INCLUDED_MINUTES: Record<string, number> = { free: 2_000, pro: 3_000, team: 3_000, enterprise: 50_000 };

/** Runs sampled per workflow. */
const SAMPLE = 10;

/** Billed minutes of one run: GitHub rounds each job up to the minute (a run with no duration counts 1). */
const billed = (seconds: number): number => Math.max(1, Math.ceil(seconds / 60));

/** One source per scheduled job, from its recent scheduled runs. */
export async function scheduleMinutes(api: GithubApi, t: { owner: string; repo: string }, m: Manifest, now: number = Date.now()): Promise<MinutesSource[]> {
  const out: MinutesSource[] = [];
  for (const [job, def] of Object.entries(m.jobs).sort(([a], [b]) => a.localeCompare(b))) {
    if (def.schedules.length === 0) continue;
    const fires = def.schedules.reduce((a, c) => a + firesPerMonth(c, now), 0);
    const runs = await api.octokit.actions.listWorkflowRuns({ ...t, workflow_id: `gfa-${job}.yml`, event: 'schedule', status: 'completed', per_page: SAMPLE }).then((r) => r.data.workflow_runs, () => []);
    const seconds = runs.map((r) => (Date.parse(r.updated_at) - Date.parse(r.run_started_at ?? r.created_at)) / 1000).filter((s) => Number.isFinite(s) && s >= 0);
    const mid = median(seconds);
    const each = mid === undefined ? 1 : billed(mid);
    const basis = mid === undefined ? `${fires} runs × 1 min (no finished scheduled run yet, so assumed)` : `${fires} runs × ${each} min (median of ${seconds.length} recent runs: ${Math.round(mid)} s)`;
    out.push({ label: `schedule ${job} (${def.schedules.join(', ')})`, minutesPerMonth: fires * each, basis });
  }
  return out;
}

/** The plan name of the repository's owner (`free`, `pro`, `team`…): a user's from `GET /user` when it is the token's user, an organisation's from `GET /orgs/{org}` (owners see it); undefined when unreadable. */
export async function ownerPlanName(api: GithubApi, owner: string, ownerType: string | undefined): Promise<string | undefined> {
  return ownerType === 'Organization'
    ? await api.octokit.orgs.get({ org: owner }).then((r) => r.data.plan?.name, () => undefined)
    : await api.octokit.users.getAuthenticated().then((r) => (r.data.login.toLowerCase() === owner.toLowerCase() ? r.data.plan?.name : undefined), () => undefined);
}

/** The plan of the repository's owner, for the minutes budget. */
async function ownerPlan(api: GithubApi, owner: string, ownerType: string | undefined): Promise<MinutesPlan> {
  const name = await ownerPlanName(api, owner, ownerType);
  const included = name === undefined ? undefined : GITHUB_INCLUDED_MINUTES[name.toLowerCase()];
  if (name === undefined || included === undefined) return { name: 'GitHub Free', included: GITHUB_INCLUDED_MINUTES.free, note: `the owner's plan is not readable with this token${name ? ` ("${name}")` : ''}, so Free is assumed` };
  return { name: `GitHub ${name[0]!.toUpperCase()}${name.slice(1)}`, included };
}

/** The `minutes` check for a GitHub repository, or undefined when nothing is scheduled. */
export async function githubMinutesCheck(api: GithubApi, t: { owner: string; repo: string }, m: Manifest, info: { private: boolean; owner?: { type?: string } }, extra: MinutesSource[] = [], now: number = Date.now()): Promise<Check | undefined> {
  const sources = [...(await scheduleMinutes(api, t, m, now)), ...extra];
  if (sources.length === 0) return undefined;
  const plan: MinutesPlan = info.private
    ? await ownerPlan(api, t.owner, info.owner?.type)
    : { name: 'GitHub', included: undefined, note: 'Actions on standard GitHub-hosted runners are free for public repositories' };
  return minutesCheck(sources, plan, now);
}
