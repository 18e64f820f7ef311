/** The startup banner of `gfa dev`. */
import type { Manifest } from '../app/manifest.ts';
import type { Scheduler } from './schedules.ts';

/** Formats the banner: URL, remote URL, passphrase hint, jobs and schedules with next run times. */
export function banner(o: { url: string; remoteUrl: string; passphrase: string; generated: boolean; manifest: Manifest; scheduler: Scheduler }): string {
  const lines = [
    `gfa dev: ${o.manifest.name} is running`,
    `  open       ${o.url}/`,
    `  remote     ${o.remoteUrl}  (data branch "${o.manifest.store.branch}"${o.manifest.store.encrypt ? ', encrypted' : ''}; jobs get its credential, or use .gfa/local/remote.git)`,
    // Only a generated local passphrase is shown (the user needs it); a given one is theirs already.
    `  passphrase ${o.generated ? `${o.passphrase}  (generated, kept in .gfa/local/passphrase; set with --passphrase)` : '(the one given with --passphrase)'}`,
    `  jobs       ${Object.keys(o.manifest.jobs).join(', ') || '(none)'}`,
  ];
  if (o.scheduler.schedules.length === 0) lines.push('  schedules  (none)');
  for (const s of o.scheduler.schedules) lines.push(`  schedule   ${s.job}  "${s.cron}"  next ${s.next()?.toISOString() ?? 'never'}`);
  // A command that works as printed (POST /api/tick needs the trigger credential, which only the unlocked page holds).
  lines.push(o.scheduler.schedules[0] ? `  fire now   gfa run ${o.scheduler.schedules[0].job} --schedule  (in another terminal: the same local store); Ctrl-C stops.` : '  Ctrl-C stops.');
  return lines.join('\n');
}
