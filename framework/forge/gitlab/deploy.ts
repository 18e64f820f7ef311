/**
 * `gfa deploy` on GitLab, step by step, each step a read and a write only when something differs
 * (a second run sends no write request):
 * 1. project settings: `ci_pipeline_variables_minimum_override_role=no_one_allowed` (a trigger-token
 *    holder must not set variables such as NODE_OPTIONS) and `ci_push_repository_for_job_token_allowed=true`
 *    (jobs push the data branch with CI_JOB_TOKEN) — https://docs.gitlab.com/api/projects/#edit-a-project;
 * 2. the CI/CD variable GFA_SECRET_KEY, masked and hidden, created when absent, never overwritten;
 * 3. a pipeline trigger token made by gfa (https://docs.gitlab.com/api/pipeline_triggers/);
 * 4. `.gfa/keys.json` committed through the repository files API when it does not already hold these secrets;
 * 5. the pipeline schedules (./schedules-sync.ts).
 */
import { GfaError } from '../../errors.ts';
import type { DeployInput, DeployReport, RepoInfo } from '../types.ts';
import type { GitlabApi } from './api.ts';
import { KEYS_FILE_PATH, newDataKey, openKeysFileText, sameSecrets, wrapKeysFile } from '../keys-file.ts';
import { readProject, readTextFile, gfaTrigger, TRIGGER_DESCRIPTION, SECRET_NAME } from './project.ts';
import { namespacePlan, readTokenAdvice } from './read-token.ts';
import { syncSchedules } from './schedules-sync.ts';

async function settings(gl: GitlabApi, input: DeployInput): Promise<void> {
  const p = await readProject(gl);
  const want = { ci_pipeline_variables_minimum_override_role: 'no_one_allowed', ci_push_repository_for_job_token_allowed: true };
  if (p.ci_pipeline_variables_minimum_override_role === want.ci_pipeline_variables_minimum_override_role && p.ci_push_repository_for_job_token_allowed === true) {
    input.progress('settings: pipeline variables locked (no_one_allowed), job-token push allowed: ok');
    return;
  }
  await gl.write('updating the project settings', () =>
    gl.api.Projects.edit(gl.project, { ciPipelineVariablesMinimumOverrideRole: 'no_one_allowed', ciPushRepositoryForJobTokenAllowed: true } as never),
  );
  input.progress('settings: pipeline variables locked (no_one_allowed), job-token push allowed: updated');
}

/** Returns the data key when it is known (created now, given, or readable), and whether it is new. */
async function secret(gl: GitlabApi, input: DeployInput): Promise<{ key?: string; created: boolean }> {
  const existing = await gl.read('reading the variable GFA_SECRET_KEY', () => gl.api.ProjectVariables.show(gl.project, SECRET_NAME), true);
  if (existing) {
    const known = typeof existing.value === 'string' ? existing.value : input.secretKey;
    if (existing.protected === true) input.progress(`variable ${SECRET_NAME}: exists (not changed)`);
    else if (known !== undefined) {
      // Update needs the value (docs "Project-level CI/CD variables API", Update a variable): only a known key can be re-sent.
      await gl.write(`protecting the variable ${SECRET_NAME}`, () => gl.api.ProjectVariables.edit(gl.project, SECRET_NAME, known, { protected: true } as never));
      input.progress(`variable ${SECRET_NAME}: exists, now protected (only default-branch pipelines receive it)`);
    } else {
      input.progress(`variable ${SECRET_NAME}: exists but is NOT protected, so branch pipelines of anyone who can push receive it; run deploy with the data key in GFA_SECRET_KEY to protect it`);
    }
    return { key: known, created: false };
  }
  const key = input.secretKey ?? (await newDataKey());
  const create = (hidden: boolean) =>
    gl.api.ProjectVariables.create(gl.project, SECRET_NAME, key, { masked: true, protected: true, raw: true, ...(hidden ? { maskedAndHidden: true } : {}) } as never);
  try {
    await gl.write(`creating the variable ${SECRET_NAME}`, () => create(true));
  } catch (err) {
    // Instances before 17.4 do not know masked_and_hidden: create it masked only.
    if (!(err instanceof GfaError) || err.code !== 'E_FORGE') throw err;
    await gl.write(`creating the variable ${SECRET_NAME}`, () => create(false));
  }
  input.progress(`variable ${SECRET_NAME}: created (masked, protected: only default-branch pipelines receive it)`);
  return { key, created: input.secretKey === undefined };
}

async function triggerToken(gl: GitlabApi, input: DeployInput): Promise<string> {
  const mine = await gfaTrigger(gl);
  if (mine) {
    input.progress('trigger token: exists');
    return mine;
  }
  const created = await gl.write('creating the pipeline trigger token', () => gl.api.PipelineTriggerTokens.create(gl.project, TRIGGER_DESCRIPTION));
  input.progress('trigger token: created');
  return created.token;
}

/** Runs every step; see the module doc. */
export async function deployGitlab(gl: GitlabApi, info: RepoInfo, input: DeployInput, readToken: string | undefined): Promise<DeployReport> {
  input.progress(`project ${gl.project}: ${info.visibility}, default branch ${info.defaultBranch}`);
  if (info.visibility !== 'public' && !readToken) {
    throw new GfaError('E_CONFIG', readTokenAdvice(gl.project, info.visibility, await namespacePlan(gl, await readProject(gl))));
  }
  await settings(gl, input);
  const encrypt = input.manifest.store.encrypt;
  const key = encrypt ? await secret(gl, input) : { created: false };
  const token = await triggerToken(gl, input);
  const want: Record<string, string> = { triggerToken: token };
  if (readToken) want.readToken = readToken;
  const current = await openKeysFileText(await readTextFile(gl, KEYS_FILE_PATH, info.defaultBranch), input.passphrase);
  if (encrypt && key.key === undefined && current?.dataKey === undefined) {
    throw new GfaError('E_CONFIG', `${SECRET_NAME} is hidden and ${KEYS_FILE_PATH} does not hold it under this passphrase; pass the data key in GFA_SECRET_KEY to re-wrap it`);
  }
  if (encrypt) want.dataKey = key.key ?? current!.dataKey!;
  if (sameSecrets(current, want)) {
    input.progress(`${KEYS_FILE_PATH}: up to date`);
  } else {
    const text = await wrapKeysFile(input.passphrase, want, input.kdf);
    const exists = current !== undefined || (await readTextFile(gl, KEYS_FILE_PATH, info.defaultBranch)) !== undefined;
    const message = 'gfa deploy: wrap the data key and trigger token under the owner passphrase';
    await gl.write(`committing ${KEYS_FILE_PATH}`, () =>
      exists
        ? gl.api.RepositoryFiles.edit(gl.project, KEYS_FILE_PATH, info.defaultBranch, text, message)
        : gl.api.RepositoryFiles.create(gl.project, KEYS_FILE_PATH, info.defaultBranch, text, message),
    );
    input.progress(`${KEYS_FILE_PATH}: ${exists ? 'updated' : 'created'}`);
  }
  await syncSchedules(gl, input.manifest, info.defaultBranch, input.progress);
  return { pagesUrl: pagesUrlOf(gl.project, gl.url), newSecretKey: key.created ? key.key : undefined, writes: gl.writes };
}

/**
 * The classic Pages address `https://<namespace>.gitlab.io/<project>/` (GitLab.com; new projects may
 * get a unique domain instead, shown under Deploy > Pages: UNVERIFIED which one a project gets).
 */
export function pagesUrlOf(project: string, url: string): string | undefined {
  if (!/^https:\/\/gitlab\.com$/.test(url)) return undefined;
  const [ns, ...rest] = project.split('/');
  return `https://${ns}.gitlab.io/${rest.join('/')}/`;
}
