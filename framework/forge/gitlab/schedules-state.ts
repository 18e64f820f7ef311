/**
 * `gfa migrate`'s schedule switch on GitLab: the `active` flag of gfa's pipeline schedules (those whose
 * description starts with `gfa:`), set with `PUT /projects/:id/pipeline_schedules/:schedule_id`
 * `active=false|true` (https://docs.gitlab.com/api/pipeline_schedules/#edit-a-pipeline-schedule). An
 * inactive schedule starts no pipeline and keeps its cron and inputs, so turning it on again (or
 * `gfa deploy`, which activates gfa's schedules) restores it as it was. Only a schedule's owner may edit
 * it (gitlab-org/gitlab `app/policies/ci/pipeline_schedule_policy.rb`): on a 403 the token's user takes
 * it over first (`POST .../take_ownership`, Maintainer), as the UI's "Take ownership" does.
 */
import type { Manifest } from '../../app/manifest.ts';
import type { Progress } from '../types.ts';
import { statusOf, type GitlabApi } from './api.ts';
import { readSchedules } from './schedules-sync.ts';

/** Sets every gfa schedule of the project `active` or not; returns the write requests sent. */
export async function setGitlabSchedules(gl: GitlabApi, input: { manifest: Manifest; active: boolean; progress: Progress }): Promise<number> {
  let writes = 0;
  for (const s of await readSchedules(gl)) {
    const name = s.description.replace(/^gfa:/, '');
    if (s.active === input.active) {
      input.progress(`schedule ${name} (${s.cron}): ${s.active ? 'on' : 'off'} (pipeline schedule ${s.id} ${s.active ? 'active' : 'inactive'})`);
      continue;
    }
    const what = `${input.active ? 'activating' : 'deactivating'} schedule ${s.description}`;
    const edit = () => gl.api.PipelineSchedules.edit(gl.project, s.id, { active: input.active } as never);
    try {
      await gl.write(what, edit);
    } catch (err) {
      // GitLab lets only a schedule's owner edit it; a Maintainer may take it over first.
      if (statusOf((err as { cause?: unknown }).cause) !== 403) throw err;
      await gl.write(`taking over schedule ${s.description}`, () => gl.api.PipelineSchedules.takeOwnership(gl.project, s.id));
      input.progress(`schedule ${name}: taken over from ${s.owner?.username ?? 'its owner'} (GitLab lets only a schedule's owner change it)`);
      writes++;
      await gl.write(what, edit);
    }
    writes++;
    input.progress(`schedule ${name} (${s.cron}): turned ${input.active ? 'on' : 'off'} (pipeline schedule ${s.id} ${input.active ? 'activated' : 'deactivated'})`);
  }
  return writes;
}
