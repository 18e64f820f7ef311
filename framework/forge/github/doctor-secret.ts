/**
 * Doctor's `secret` check on GitHub: GFA_SECRET_KEY exists where the jobs read it. Without
 * `githubEnvironment`, as a repository secret (which a workflow on any branch receives). With it, in
 * that environment, with no repository-level copy left (that copy would reach every branch's
 * workflows) and a branch policy admitting only the default branch (deploy-environment.ts).
 */
import type { Manifest } from '../../app/manifest.ts';
import type { Check } from '../types.ts';
import { statusOf, type GithubApi } from './octokit.ts';

const SECRET = 'GFA_SECRET_KEY';
const check = (status: Check['status'], message: string): Check => ({ id: 'secret', status, message });

/** true / false when readable, undefined when the token may not read it. */
const has = (p: Promise<unknown>): Promise<boolean | undefined> => p.then(() => true, (err: unknown) => (statusOf(err) === 404 ? false : undefined));

/** The `secret` check of an encrypted app. */
export async function secretCheck(api: GithubApi, t: { owner: string; repo: string }, m: Manifest, defaultBranch: string): Promise<Check> {
  const { octokit } = api;
  const inRepo = await has(octokit.actions.getRepoSecret({ ...t, secret_name: SECRET }));
  const env = m.githubEnvironment;
  if (env === undefined) {
    if (inRepo === true) return check('ok', `the Actions secret ${SECRET} exists`);
    if (inRepo === false) return check('error', `the Actions secret ${SECRET} is missing (a repository made from a template has none): run gfa deploy`);
    return check('warn', 'cannot read the Actions secrets; give the token Secrets: read');
  }
  const params = { ...t, environment_name: env };
  const inEnv = await has(octokit.actions.getEnvironmentSecret({ ...params, secret_name: SECRET }));
  if (inRepo === undefined || inEnv === undefined) return check('warn', `cannot read the Actions secrets of the repository and the environment ${env}; give the token Secrets: read`);
  if (inRepo) return check('warn', `a repository-level ${SECRET} remains${inEnv ? ` beside the one in the environment ${env}` : ''}: anyone with push access can read it; run gfa deploy to move it`);
  if (!inEnv) return check('error', `the secret ${SECRET} is missing in the environment ${env}: run gfa deploy`);
  const envInfo = await octokit.repos.getEnvironment(params).then((r) => r.data, () => undefined);
  const policies = await octokit.repos.listDeploymentBranchPolicies({ ...params, per_page: 100 }).then((r) => r.data.branch_policies, () => undefined);
  if (!envInfo || !policies) return check('ok', `${SECRET} is in the environment ${env}, with no repository-level copy (its branch policy is not readable: give the token Administration: read)`);
  const p = envInfo.deployment_branch_policy;
  const only = p?.custom_branch_policies === true && policies.length > 0 && policies.every((x) => x.name === defaultBranch && (x.type ?? 'branch') === 'branch');
  if (!only) return check('warn', `the environment ${env} admits more than the default branch ${defaultBranch}, so other branches' workflows get ${SECRET}: run gfa deploy to limit it`);
  return check('ok', `${SECRET} is in the environment ${env}, which only ${defaultBranch} may use, with no repository-level copy`);
}
