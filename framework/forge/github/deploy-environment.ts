/**
 * `gfa deploy` on GitHub with `defineApp({ githubEnvironment })`: GFA_SECRET_KEY lives in that
 * environment, which only the default branch may use, instead of the repository, so a workflow pushed
 * to another branch gets no key. Each step reads first and writes only what is missing:
 * 1. the environment, with `deployment_branch_policy: { protected_branches: false, custom_branch_policies: true }`
 *    (`PUT /repos/{o}/{r}/environments/{name}`, https://docs.github.com/en/rest/deployments/environments);
 * 2. its branch policies: one for the default branch, and no other
 *    (https://docs.github.com/en/rest/deployments/branch-policies);
 * 3. the environment secret, sealed to the environment's public key, when absent;
 * 4. only then, the repository-level GFA_SECRET_KEY deleted when present.
 * Environments need a public repository, or GitHub Pro, Team or Enterprise for a private one
 * ("Users with GitHub Free plans can only configure environments for public repositories",
 * https://docs.github.com/actions/reference/environments); FACTS.md, ## GitHub.
 */
import { GfaError } from '../../errors.ts';
import { newDataKey } from '../keys-file.ts';
import type { DeployReport } from '../types.ts';
import { exists, forgeError, statusOf, type GithubApi } from './octokit.ts';
import { seal } from './seal.ts';

const SECRET = 'GFA_SECRET_KEY';
const SECRETS_FIX = 'give the token Secrets: read and write (and Environments: read and write) on the repository';
const ADMIN_FIX = 'give the token Administration: read and write on the repository';

/** What the step needs from deploy. */
export interface EnvironmentStep {
  api: GithubApi;
  t: { owner: string; repo: string };
  info: { full_name: string; private: boolean; default_branch: string };
  environment: string;
  /** The key the owner gave (GFA_SECRET_KEY), or the one in the keys file. */
  secretKey?: string;
  fromKeys?: string;
  report: DeployReport;
  say(line: string): void;
}

/** Creates the environment, or sets its branch policy to custom branches, when it is not so yet. */
async function ensureEnvironment(s: EnvironmentStep): Promise<void> {
  const { octokit } = s.api;
  const params = { ...s.t, environment_name: s.environment };
  const env = await octokit.repos.getEnvironment(params).then((r) => r.data, (err: unknown) => {
    if (statusOf(err) === 404) return undefined;
    throw forgeError(err, `reading the environment ${s.environment}`, ADMIN_FIX);
  });
  const p = env?.deployment_branch_policy;
  if (p && p.custom_branch_policies && !p.protected_branches) return void s.say(`environment ${s.environment}: exists`);
  await octokit.repos.createOrUpdateEnvironment({ ...params, deployment_branch_policy: { protected_branches: false, custom_branch_policies: true } }).catch((err: unknown) => {
    if (statusOf(err) === 404 && s.info.private) {
      throw new GfaError('E_FORGE', `GitHub refused to create the environment ${s.environment} in the private repository ${s.info.full_name} (404): GitHub Free has environments only in public repositories; make the repository public or move its owner to GitHub Pro, Team or Enterprise, or remove githubEnvironment from gfa.config.ts (then anyone with push access can read GFA_SECRET_KEY)`, { cause: err });
    }
    throw forgeError(err, `creating the environment ${s.environment}`, ADMIN_FIX);
  });
  s.say(`environment ${s.environment}: ${env ? 'branch policy set to selected branches' : 'created, for selected branches only'}`);
}

/** One branch policy, for the default branch; any other pattern is deleted (it would admit another branch). */
async function ensureBranchPolicy(s: EnvironmentStep): Promise<void> {
  const { octokit } = s.api;
  const params = { ...s.t, environment_name: s.environment };
  const branch = s.info.default_branch;
  const { data } = await octokit.repos.listDeploymentBranchPolicies({ ...params, per_page: 100 }).catch((err: unknown) => {
    throw forgeError(err, `reading the branch policies of ${s.environment}`, ADMIN_FIX);
  });
  const policies = data.branch_policies;
  if (!policies.some((p) => p.name === branch && (p.type ?? 'branch') === 'branch')) {
    await octokit.repos.createDeploymentBranchPolicy({ ...params, name: branch, type: 'branch' }).catch((err: unknown) => {
      throw forgeError(err, `adding the branch policy ${branch} to ${s.environment}`, ADMIN_FIX);
    });
    s.say(`environment ${s.environment}: only branch ${branch} may use it`);
  }
  for (const p of policies) {
    if ((p.name === branch && (p.type ?? 'branch') === 'branch') || p.id === undefined) continue;
    await octokit.repos.deleteDeploymentBranchPolicy({ ...params, branch_policy_id: p.id }).catch((err: unknown) => {
      throw forgeError(err, `removing the branch policy ${p.name ?? '?'} from ${s.environment}`, ADMIN_FIX);
    });
    s.say(`environment ${s.environment}: ${p.type ?? 'branch'} policy ${p.name ?? '?'} removed (only ${branch} may use the key)`);
  }
}

/** Runs the steps; returns the data key the keys file must wrap. */
export async function deployEnvironmentKey(s: EnvironmentStep): Promise<string> {
  const { octokit } = s.api;
  const where = `environment ${s.environment}`;
  await ensureEnvironment(s);
  await ensureBranchPolicy(s);
  const params = { ...s.t, environment_name: s.environment };
  const inEnv = await exists(octokit.actions.getEnvironmentSecret({ ...params, secret_name: SECRET }), `reading the secret ${SECRET} of ${where}`, SECRETS_FIX);
  const inRepo = await exists(octokit.actions.getRepoSecret({ ...s.t, secret_name: SECRET }), `reading the secret ${SECRET}`, SECRETS_FIX);
  let dataKey = s.secretKey ?? s.fromKeys;
  if ((inEnv || inRepo) && !dataKey) throw new GfaError('E_CONFIG', `${SECRET} exists on ${s.info.full_name} but gfa cannot read it back: set GFA_SECRET_KEY to the key printed by the first deploy`);
  if (!dataKey) {
    dataKey = await newDataKey();
    s.report.newSecretKey = dataKey;
  }
  if (inEnv) s.say(`secret ${SECRET} in ${where}: exists (kept)`);
  else {
    const { data: key } = await octokit.actions.getEnvironmentPublicKey(params).catch((err: unknown) => {
      throw forgeError(err, `reading the public key of ${where}`, SECRETS_FIX);
    });
    await octokit.actions.createOrUpdateEnvironmentSecret({ ...params, secret_name: SECRET, encrypted_value: await seal(dataKey, key.key), key_id: key.key_id }).catch((err: unknown) => {
      throw forgeError(err, `creating the secret ${SECRET} in ${where}`, SECRETS_FIX);
    });
    s.say(`secret ${SECRET} in ${where}: created${inRepo ? ' (the key of the repository secret)' : ''}`);
  }
  // Only once the environment holds the key: a repository copy would still reach every branch's workflows.
  if (inRepo) {
    await octokit.actions.deleteRepoSecret({ ...s.t, secret_name: SECRET }).catch((err: unknown) => {
      throw forgeError(err, `deleting the repository secret ${SECRET}`, SECRETS_FIX);
    });
    s.say(`secret ${SECRET}: repository copy deleted, so workflows on other branches get no key`);
  }
  s.say(`secret ${SECRET}: only jobs on ${s.info.default_branch} get it (${where}); anyone who can change that branch can still read it`);
  return dataKey;
}
