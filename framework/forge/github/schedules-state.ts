/**
 * `gfa migrate`'s schedule switch on GitHub. A workflow's schedules live in its YAML on the default
 * branch, so they are turned off and on without touching the app's files by disabling or enabling the
 * scheduled job's workflow: `PUT /repos/{o}/{r}/actions/workflows/{file}/disable|enable` (204, Actions:
 * write), which sets its `state` to `disabled_manually` or `active`
 * (https://docs.github.com/rest/actions/workflows#disable-a-workflow; "Disabling a workflow allows you
 * to stop a workflow from being triggered without having to delete the file from the repo",
 * https://docs.github.com/actions/managing-workflow-runs/disabling-and-enabling-a-workflow). A disabled
 * workflow takes no dispatch either, so the source's browser page stops starting that job too.
 */
import type { Manifest } from '../../app/manifest.ts';
import { KEEPALIVE_WORKFLOW } from '../../contract.ts';
import { GfaError } from '../../errors.ts';
import type { Progress } from '../types.ts';
import { forgeError, statusOf, type GithubApi } from './octokit.ts';

/** Enables (`active`) or disables every scheduled job's workflow; returns the write requests sent. */
export async function setGithubSchedules(api: GithubApi, t: { owner: string; repo: string }, input: { manifest: Manifest; active: boolean; progress: Progress }): Promise<number> {
  let writes = 0;
  for (const job of Object.values(input.manifest.jobs)) {
    if (job.schedules.length === 0) continue;
    const file = `gfa-${job.name}.yml`;
    const { data } = await api.octokit.actions.getWorkflow({ ...t, workflow_id: file }).catch((err: unknown) => {
      if (statusOf(err) === 404) throw new GfaError('E_CONFIG', `.github/workflows/${file} is not on the default branch of ${t.owner}/${t.repo}: push the built app there first (git push)`);
      throw forgeError(err, `reading the workflow ${file}`, 'give the token Actions: read and write on the repository');
    });
    const on = data.state === 'active';
    const cron = job.schedules.join(', ');
    if (on === input.active) {
      input.progress(`schedule ${job.name} (${cron}): ${on ? 'on' : 'off'} (${file} ${data.state})`);
      continue;
    }
    const call = input.active ? api.octokit.actions.enableWorkflow : api.octokit.actions.disableWorkflow;
    await call({ ...t, workflow_id: file }).catch((err: unknown) => {
      throw forgeError(err, `${input.active ? 'enabling' : 'disabling'} the workflow ${file}`, 'give the token Actions: write on the repository');
    });
    writes++;
    input.progress(`schedule ${job.name} (${cron}): turned ${input.active ? 'on' : 'off'} (${file} ${input.active ? 'enabled' : 'disabled'})`);
  }
  return writes + (await setKeepalive(api, t, input));
}

/**
 * The keep-alive follows the schedules: off with them (disabled by hand, it stays off and bills no
 * weekly minute on a repository that no longer runs the app), on with them. A repository built
 * without it (no scheduled job, or a gfa before it) has none: nothing to do.
 */
async function setKeepalive(api: GithubApi, t: { owner: string; repo: string }, input: { active: boolean; progress: Progress }): Promise<number> {
  const state = await api.octokit.actions.getWorkflow({ ...t, workflow_id: KEEPALIVE_WORKFLOW }).then((r) => r.data.state, (err: unknown) => {
    if (statusOf(err) === 404) return undefined;
    throw forgeError(err, `reading the workflow ${KEEPALIVE_WORKFLOW}`, 'give the token Actions: read and write on the repository');
  });
  if (state === undefined || (state === 'active') === input.active) return 0;
  const call = input.active ? api.octokit.actions.enableWorkflow : api.octokit.actions.disableWorkflow;
  await call({ ...t, workflow_id: KEEPALIVE_WORKFLOW }).catch((err: unknown) => {
    throw forgeError(err, `${input.active ? 'enabling' : 'disabling'} the workflow ${KEEPALIVE_WORKFLOW}`, 'give the token Actions: write on the repository');
  });
  input.progress(`keep-alive: turned ${input.active ? 'on' : 'off'} (${KEEPALIVE_WORKFLOW} ${input.active ? 'enabled' : 'disabled'})`);
  return 1;
}
