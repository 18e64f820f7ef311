/** The server-side GitLab adapter: deploy, trigger and doctor through `@gitbeaker/rest`. */
import { GfaError } from '../../errors.ts';
import type { Forge } from '../types.ts';
import { gitlabApi, type GitlabApi, type GitlabOptions } from './api.ts';
import { gitlabClientForge, postTrigger } from './client.ts';
import { deployGitlab } from './deploy.ts';
import { doctorGitlab } from './doctor.ts';
import { gfaTrigger, readProject, repoInfo } from './project.ts';
import { setGitlabSchedules } from './schedules-state.ts';

/** The server-side adapter for project `options.project` on `options.url`. */
export function gitlabForge(options: GitlabOptions): Forge {
  let client: Promise<GitlabApi> | undefined;
  const gl = (): Promise<GitlabApi> => (client ??= gitlabApi(options));
  return {
    name: 'gitlab',
    target: { forge: 'gitlab', repo: options.project },
    async repository() {
      return repoInfo(await readProject(await gl()));
    },
    async deploy(input) {
      const api = await gl();
      return deployGitlab(api, repoInfo(await readProject(api)), input, options.readToken);
    },
    async trigger(batch) {
      const api = await gl();
      const info = repoInfo(await readProject(api));
      const token = await gfaTrigger(api);
      if (!token) throw new GfaError('E_CONFIG', `${options.project} has no pipeline trigger token made by gfa with this GITLAB_TOKEN's user; run gfa deploy --forge gitlab`);
      // Inputs only, never variables (https://docs.gitlab.com/ci/triggers/#pass-pipeline-inputs-in-the-api-call).
      const pipeline = await api.write(`triggering job "${batch.job}"`, () => postTrigger({ url: api.url, project: options.project }, token, info.defaultBranch, batch));
      return { ...(pipeline.id !== undefined ? { runId: String(pipeline.id) } : {}), ...(typeof pipeline.web_url === 'string' ? { runUrl: pipeline.web_url } : {}) };
    },
    async run(runId, job) {
      return gitlabClientForge({ url: options.url, project: options.project, token: options.token, branch: options.branch }).run!(runId, job);
    },
    async reader() {
      return gitlabClientForge({ url: options.url, project: options.project, token: options.token, branch: options.branch });
    },
    gitRemote() {
      // A personal, project or group access token as the password, any user name (https://docs.gitlab.com/user/profile/personal_access_tokens/).
      const base = (options.url ?? 'https://gitlab.com').replace(/\/+$/, '');
      return { url: `${base}/${options.project}.git`, username: 'oauth2', password: options.token };
    },
    async setSchedules(input) {
      return setGitlabSchedules(await gl(), input);
    },
    async doctor(input) {
      return doctorGitlab(await gl(), input.manifest, input.appDir);
    },
  };
}
