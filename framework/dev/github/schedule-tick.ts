/**
 * Scheduled runs in the GitHub double on its clock (a test double, not GitHub): each `tick` reads the
 * `on.schedule` crons of the workflow files on the default branch ("Scheduled workflows will only run
 * on the default branch", https://docs.github.com/en/actions/reference/workflows-and-actions/events-that-trigger-workflows#schedule,
 * read 2026-12-07) and starts one `schedule` run for every fire due since the last tick, in time order.
 * A fire does not start when Actions are off, the workflow is not `active`, or the 60-day rule has
 * just disabled it (inactivity.ts). With a manual clock a test can run months of schedules in seconds.
 */
import { Cron } from 'croner';
import type { Clock } from '../clock.ts';
import { workflowFiles } from './rest-actions.ts';
import { resolveCommit } from './repo-git.ts';
import { readWorkflow } from './run-title.ts';
import { scheduleAlive } from './inactivity.ts';
import type { Repo } from './state.ts';

/** Starts one scheduled run (the emulator's runner), resolving with its id. */
export type StartScheduled = (repo: Repo, file: string, cron: string) => Promise<number>;

/** The schedules of one workflow document (`on.schedule[].cron`). */
export function cronsOf(doc: Record<string, unknown> | undefined): string[] {
  const on = doc?.on;
  if (typeof on !== 'object' || on === null || Array.isArray(on)) return [];
  const list = (on as Record<string, unknown>).schedule;
  return Array.isArray(list) ? list.map((s) => (s as { cron?: unknown }).cron).filter((c): c is string => typeof c === 'string') : [];
}

/** Fires of `cron` (UTC) after `from` and at or before `to` (epoch ms). */
export function firesBetween(cron: string, from: number, to: number): number[] {
  const c = new Cron(cron, { timezone: 'UTC', paused: true });
  const out: number[] = [];
  for (let d = c.nextRun(new Date(from)); d && d.getTime() <= to && out.length < 100_000; d = c.nextRun(d)) out.push(d.getTime());
  return out;
}

/** A schedule ticker for the emulator's repositories. */
export interface ScheduleTicker {
  /** Starts the scheduled runs of `repo` due since its last tick (the first tick counts from the ticker's start); returns their ids. */
  tick(repo: Repo): Promise<number[]>;
}

/** Creates a ticker on `clock`. */
export function createScheduleTicker(clock: Clock, start: StartScheduled): ScheduleTicker {
  const since = new Map<Repo, number>();
  const born = clock.now();
  // The schedules of a default-branch head, read once per head (a tick a simulated day adds up).
  const read = new Map<string, { file: string; cron: string }[]>();
  async function schedulesAt(repo: Repo, head: string): Promise<{ file: string; cron: string }[]> {
    const key = `${repo.dir}\0${head}`;
    let list = read.get(key);
    if (!list) {
      list = [];
      for (const file of await workflowFiles(repo)) for (const cron of cronsOf(await readWorkflow(repo, head, `.github/workflows/${file}`))) list.push({ file, cron });
      read.set(key, list);
    }
    return list;
  }
  return {
    async tick(repo) {
      const to = clock.now();
      const from = since.get(repo) ?? born;
      since.set(repo, to);
      const head = await resolveCommit(repo.dir, repo.defaultBranch);
      if (!head) return [];
      const fires: { at: number; file: string; cron: string }[] = [];
      for (const { file, cron } of await schedulesAt(repo, head)) for (const at of firesBetween(cron, from, to)) fires.push({ at, file, cron });
      const ids: number[] = [];
      for (const f of fires.sort((a, b) => a.at - b.at)) {
        if (!repo.actionsEnabled || (repo.workflowStates.get(f.file) ?? 'active') !== 'active') continue;
        if (!scheduleAlive(repo, f.file, f.at)) continue;
        ids.push(await start(repo, f.file, f.cron));
      }
      return ids;
    },
  };
}
