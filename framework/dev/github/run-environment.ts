/**
 * Which secrets a job of the GitHub double's runner gets (a test double, not GitHub; rules in
 * environments.ts): a job that references no environment gets the repository's secrets; a job that
 * references one waits for its protection rules and, when its ref passes the branch policy, gets that
 * environment's secrets over the repository's; when the ref does not pass, the job fails before any
 * step. An environment a job names but nobody created is created on the spot, with no policy
 * ("referencing an environment that does not exist will create an environment with the referenced
 * name", docs "Workflow syntax", jobs.<job_id>.environment) — in a private repository on GitHub Free
 * the double creates none and gives the repository secrets (UNVERIFIED: GitHub does not say).
 */
import { branchAllowed, environmentsAllowed, findEnvironment } from './environments.ts';
import type { GithubState, Repo } from './state.ts';
import { ghTime } from './time.ts';

/** The secrets of one job on `branch`, or why it may not start. */
export function jobSecrets(state: GithubState, repo: Repo, job: Record<string, unknown>, branch: string, repoSecrets: Record<string, string>): { secrets: Record<string, string>; refused?: string } {
  const ref = job.environment;
  const name = typeof ref === 'string' ? ref : typeof ref === 'object' && ref !== null ? (ref as { name?: unknown }).name : undefined;
  if (typeof name !== 'string' || name === '') return { secrets: repoSecrets };
  let env = findEnvironment(repo, name);
  if (!env) {
    if (!environmentsAllowed(state, repo)) return { secrets: repoSecrets };
    const now = ghTime();
    env = { id: state.nextId++, name, createdAt: now, updatedAt: now, branchPolicy: null, policies: [], secrets: new Map() };
    (repo.environments ??= new Map()).set(name.toLowerCase(), env);
  }
  // GitHub's wording in the run's annotations is UNVERIFIED here.
  if (!branchAllowed(env, branch)) return { secrets: {}, refused: `Branch "${branch}" is not allowed to deploy to ${env.name} due to environment protection rules.` };
  return { secrets: { ...repoSecrets, ...Object.fromEntries([...env.secrets].map(([k, v]) => [k, v.value])) } };
}
