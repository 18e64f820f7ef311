/**
 * Creates, updates or deletes gfa's pipeline schedules so there is exactly one per scheduled job and
 * cron (https://docs.gitlab.com/api/pipeline_schedules/): `inputs` `[{name: 'job', value}]`, UTC, the
 * default branch, active; a schedule whose owner is no longer active is taken over (it would never run
 * again). An input is removed with `{name, value, destroy: true}`: the `PUT` endpoint declares
 * `destroy` (not `_destroy`, which Grape drops) and requires `value` unless `destroy` is true
 * (gitlab-org/gitlab `lib/api/ci/pipeline_schedules.rb`). The old value goes along, as GitLab's Go
 * client sends it, so the request is valid whichever way `value` is checked.
 */
import type { Manifest } from '../../app/manifest.ts';
import type { Progress } from '../types.ts';
import type { GitlabApi } from './api.ts';
import { SCHEDULE_PREFIX, wantedSchedules, type ScheduleCore, type WantedSchedule } from './schedules.ts';

/** A schedule as `GET /pipeline_schedules/:id` shows it. */
export interface ScheduleFields extends ScheduleCore {
  owner?: { username: string; state?: string } | null;
  inputs?: { name: string; value: unknown }[];
}

/** gfa's schedules on the project, with their inputs. */
export async function readSchedules(gl: GitlabApi): Promise<ScheduleFields[]> {
  const list = await gl.read('listing the pipeline schedules', () => gl.api.PipelineSchedules.all(gl.project));
  const mine = list.filter((s) => String(s.description).startsWith(SCHEDULE_PREFIX));
  const out: ScheduleFields[] = [];
  for (const s of mine) out.push((await gl.read(`reading schedule ${s.id}`, () => gl.api.PipelineSchedules.show(gl.project, s.id))) as unknown as ScheduleFields);
  return out;
}

/** What is wrong with `have` against `want` (empty: nothing). */
export function scheduleProblems(have: ScheduleFields, want: WantedSchedule): string[] {
  const out: string[] = [];
  if (have.cron !== want.cron) out.push(`cron is "${have.cron}", not "${want.cron}"`);
  if (have.cron_timezone !== 'UTC' && have.cron_timezone !== 'Etc/UTC') out.push(`timezone is ${have.cron_timezone}, not UTC`);
  if (have.ref !== want.ref && have.ref !== `refs/heads/${want.ref}`) out.push(`ref is ${have.ref}, not ${want.ref}`);
  if (!have.active) out.push('it is inactive');
  const inputs = have.inputs ?? [];
  if (inputs.length !== 1 || inputs[0]!.name !== 'job' || inputs[0]!.value !== want.job) out.push(`its inputs are not exactly job=${want.job}`);
  return out;
}

/** Brings the schedules in line with the manifest. */
export async function syncSchedules(gl: GitlabApi, manifest: Manifest, ref: string, progress: Progress): Promise<void> {
  const have = await readSchedules(gl);
  const wanted = wantedSchedules(manifest, ref);
  for (const want of wanted) {
    const found = have.find((s) => s.description === want.description);
    const fields = { cronTimezone: 'UTC', active: true };
    if (!found) {
      const inputs = [{ name: 'job', value: want.job }];
      await gl.write(`creating schedule ${want.description}`, () => gl.api.PipelineSchedules.create(gl.project, want.description, want.ref, want.cron, { ...fields, inputs } as never));
      progress(`schedule ${want.job} (${want.cron}): created`);
      continue;
    }
    if (found.owner && found.owner.state !== undefined && found.owner.state !== 'active') {
      await gl.write(`taking over schedule ${want.description}`, () => gl.api.PipelineSchedules.takeOwnership(gl.project, found.id));
      progress(`schedule ${want.job}: taken over (its owner ${found.owner.username} is ${found.owner.state})`);
    }
    if (scheduleProblems(found, want).length === 0) {
      progress(`schedule ${want.job} (${want.cron}): ok`);
      continue;
    }
    const inputs = [
      ...(found.inputs ?? []).filter((i) => i.name !== 'job').map((i) => ({ name: i.name, value: i.value, destroy: true })),
      { name: 'job', value: want.job },
    ];
    await gl.write(`updating schedule ${want.description}`, () =>
      gl.api.PipelineSchedules.edit(gl.project, found.id, { ...fields, ref: want.ref, cron: want.cron, inputs } as never),
    );
    progress(`schedule ${want.job} (${want.cron}): updated`);
  }
  for (const extra of have.filter((s) => !wanted.some((w) => w.description === s.description))) {
    await gl.write(`deleting schedule ${extra.description}`, () => gl.api.PipelineSchedules.remove(gl.project, extra.id));
    progress(`schedule "${extra.description}": deleted (no such scheduled job)`);
  }
}
