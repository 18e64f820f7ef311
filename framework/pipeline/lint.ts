/** Warnings `gfa build` prints about pipelines that work but behave worse than the user expects. */
import type { Manifest } from '../app/manifest.ts';

/**
 * Schedules at minute 0: GitHub delays (and under load drops) runs at the top of the hour most.
 * Returns one line per affected cron, suggesting an off-peak minute.
 */
export function lintSchedules(manifest: Manifest): string[] {
  const warnings: string[] = [];
  for (const name of Object.keys(manifest.jobs).sort()) {
    for (const cron of manifest.jobs[name]!.schedules) {
      const minute = cron.trim().split(/\s+/)[0] ?? '';
      if (/^0+$/.test(minute)) {
        warnings.push(`job "${name}": schedule "${cron}" runs at minute 0, when GitHub delays scheduled runs most; pick another minute, such as "${[17, ...cron.trim().split(/\s+/).slice(1)].join(' ')}"`);
      }
    }
  }
  return warnings;
}
