/**
 * The environment rules of the GitHub double (a test double, not GitHub), shared by its REST routes
 * (rest-environments.ts) and its runner (runs.ts), after https://docs.github.com/actions/reference/environments
 * (read 2026-12-07):
 * - environments, their secrets and deployment-branch policies exist in public repositories on every
 *   plan, and in private ones only on GitHub Pro, Team or Enterprise ("Users with GitHub Free plans can
 *   only configure environments for public repositories");
 * - a job that references an environment runs only when its ref passes the environment's deployment
 *   branch policy, and then gets the environment's secrets, which take precedence over repository
 *   secrets of the same name (docs "Using secrets in GitHub Actions"); a policy's name pattern is
 *   Ruby's `File.fnmatch`, whose `*` does not match `/` (the REST description of the policy's `name`).
 */
import type { Environment, GithubState, Repo } from './state.ts';

/** True when the repository may have environments: public, or its owner's plan is not Free. */
export function environmentsAllowed(state: GithubState, repo: Repo): boolean {
  return repo.visibility === 'public' || (state.userPlans?.[repo.owner] ?? 'free').toLowerCase() !== 'free';
}

/** The environment called `name` (any case), or undefined. */
export function findEnvironment(repo: Repo, name: string): Environment | undefined {
  return repo.environments?.get(name.toLowerCase());
}

/** `File.fnmatch` without flags, as far as branch names need it: `*` and `?` never match `/`. */
function fnmatch(pattern: string, name: string): boolean {
  const source = [...pattern].map((c) => (c === '*' ? '[^/]*' : c === '?' ? '[^/]' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('');
  return new RegExp(`^${source}$`).test(name);
}

/** True when a run on `branch` may use `env` (the double protects no branch, so `protectedBranches` admits none). */
export function branchAllowed(env: Environment, branch: string): boolean {
  const p = env.branchPolicy;
  if (p === null) return true;
  if (p.protectedBranches) return false;
  return env.policies.some((rule) => rule.type === 'branch' && fnmatch(rule.name, branch));
}
