/** @module `heartbeat`: runs on the schedule and records when it last ran, and how often. */
import { defineJob, schedule, type JobKv } from 'gfa';

/** What the heartbeat stores at `heartbeat.json`. */
export interface Heartbeat {
  runs: number;
  lastRun: string;
}

/** Counts one more run. */
export async function heartbeat(kv: JobKv, now: Date = new Date()): Promise<Heartbeat> {
  const before = JSON.parse((await kv.get('heartbeat.json')) ?? '{"runs":0}') as Partial<Heartbeat>;
  const next: Heartbeat = { runs: (before.runs ?? 0) + 1, lastRun: now.toISOString() };
  kv.set('heartbeat.json', JSON.stringify(next));
  return next;
}

/** The `heartbeat` job. Minute 17, not 0: forges delay scheduled runs most at the top of the hour. */
export default defineJob({
  on: [schedule('17 * * * *')],
  run: (ctx) => heartbeat(ctx.kv),
});
