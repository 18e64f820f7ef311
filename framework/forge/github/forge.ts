/** The server-side GitHub adapter: the {@link Forge} that `gfa deploy`, `gfa trigger` and `gfa doctor` use. */
import type { Forge, RepoTarget } from '../types.ts';
import { githubClientForge, githubRunStatus } from './client.ts';
import { deployGithub } from './deploy.ts';
import { doctorGithub } from './doctor.ts';
import { createGithubApi, forgeError, statusOf } from './octokit.ts';
import { dispatchInputs } from './inputs.ts';
import { dispatchBody, refusesRunDetails, runDetailsSupport } from './run-details.ts';
import { setGithubSchedules } from './schedules-state.ts';

/** Options of {@link githubForge}. */
export interface GithubForgeOptions {
  token: string;
  /** @default "https://api.github.com" */
  apiUrl?: string;
  /** For doctor's push check: the browser credential, when the caller could unwrap it. */
  dispatchToken?: string;
  /** The data branch. @default "data" */
  branch?: string;
  /** For doctor: the passphrase, to check that `.gfa/keys.json` opens and to read failed results. */
  passphrase?: string;
}

/** Creates the adapter for `target` (`OWNER/NAME`). */
export function githubForge(target: RepoTarget, options: GithubForgeOptions): Forge {
  const apiUrl = (options.apiUrl ?? 'https://api.github.com').replace(/\/+$/, '');
  const api = createGithubApi({ baseUrl: apiUrl, token: options.token });
  const [owner, repo] = target.repo.split('/') as [string, string];
  const t = { owner, repo };
  let defaultBranch: string | undefined;
  const runDetails = runDetailsSupport();

  const forge: Forge = {
    name: 'github',
    target,
    async repository() {
      const { data } = await api.octokit.repos.get(t).catch((err: unknown) => {
        throw forgeError(err, `access to ${target.repo}`, 'check --repo and that the token can read the repository');
      });
      defaultBranch = data.default_branch;
      return { defaultBranch: data.default_branch, visibility: (data.visibility ?? (data.private ? 'private' : 'public')) as 'public' | 'private' | 'internal', webUrl: data.html_url };
    },
    deploy: (input) => deployGithub(api, target, input),
    async trigger(batch) {
      const ref = defaultBranch ?? (await forge.repository()).defaultBranch;
      const inputs = dispatchInputs(batch);
      const send = (withDetails: boolean) => api.octokit.actions.createWorkflowDispatch({ ...t, workflow_id: `gfa-${batch.job}.yml`, ...dispatchBody(ref, inputs, withDetails) } as never);
      const { data, status } = await send(runDetails.use())
        .catch((err: unknown) => {
          // A GitHub Enterprise Server release that does not know return_run_details (run-details.ts).
          const message = (err as { response?: { data?: { message?: unknown } } }).response?.data?.message;
          if (!runDetails.use() || !refusesRunDetails(statusOf(err), message)) throw err;
          runDetails.refused();
          return send(false);
        })
        .catch((err: unknown) => {
          throw forgeError(err, `the dispatch of gfa-${batch.job}.yml`, 'check that the job exists, its workflow is committed on the default branch and enabled, and the token has Actions: write');
        });
      const details = (status as number) === 200 ? (data as unknown as { workflow_run_id?: number; html_url?: string }) : undefined;
      return { ...(details?.workflow_run_id !== undefined ? { runId: String(details.workflow_run_id) } : {}), ...(details?.html_url ? { runUrl: details.html_url } : {}) };
    },
    async run(runId) {
      const { data } = await api.octokit.actions.getWorkflowRun({ ...t, run_id: Number(runId) }).catch((err: unknown) => {
        throw forgeError(err, `run ${runId}`, 'check that the token has Actions: read');
      });
      return githubRunStatus(data.status ?? '', data.conclusion ?? null, data.html_url);
    },
    async reader() {
      return githubClientForge({ owner, repo, api: apiUrl, token: options.token, branch: options.branch });
    },
    gitRemote: () => ({ url: `${githubServerUrl(apiUrl)}/${owner}/${repo}.git`, username: 'x-access-token', password: options.token }),
    setSchedules: (input) => setGithubSchedules(api, t, input),
    doctor: (input) => doctorGithub({ api, apiUrl, target, token: options.token, dispatchToken: options.dispatchToken, passphrase: options.passphrase, forge }, input),
  };
  return forge;
}

/**
 * The web (and git) origin for an API URL: `https://api.github.com` → `https://github.com`; GitHub
 * Enterprise Server's `https://HOST/api/v3` → `https://HOST` (https://docs.github.com/en/enterprise-server@3.17/rest/quickstart),
 * which is also the emulator's layout.
 */
export function githubServerUrl(apiUrl: string): string {
  const u = apiUrl.replace(/\/+$/, '');
  if (u === 'https://api.github.com') return 'https://github.com';
  return u.replace(/\/api\/v3$/, '');
}
