/** Fires each job's cron schedules (UTC) with croner while `gfa dev` runs. */
import { Cron } from 'croner';
import type { Manifest } from '../app/manifest.ts';

/** One armed schedule. */
export interface ArmedSchedule {
  job: string;
  cron: string;
  /** Next run time, or undefined when the expression never fires again. */
  next(): Date | undefined;
}

/** The armed schedules of one manifest. */
export interface Scheduler {
  readonly schedules: ArmedSchedule[];
  stop(): void;
}

/** Arms every schedule in `manifest`; `fire(job, cron)` is called at each due time. */
export function armSchedules(manifest: Manifest, fire: (job: string, cron: string) => void): Scheduler {
  const crons: Cron[] = [];
  const schedules: ArmedSchedule[] = [];
  for (const job of Object.values(manifest.jobs)) {
    for (const expr of job.schedules) {
      const c = new Cron(expr, { timezone: 'UTC', protect: true }, () => fire(job.name, expr));
      crons.push(c);
      schedules.push({ job: job.name, cron: expr, next: () => c.nextRun() ?? undefined });
    }
  }
  return {
    schedules,
    stop() {
      for (const c of crons) c.stop();
    },
  };
}
