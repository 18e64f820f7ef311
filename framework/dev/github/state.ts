/**
 * The GitHub emulator's state (a test double of GitHub, not GitHub): repositories as bare git repos on
 * disk, fine-grained tokens with per-repository permissions, Actions settings, secrets, Pages and
 * workflow runs, all in memory. Permission names and levels follow
 * https://docs.github.com/en/rest/authentication/permissions-required-for-fine-grained-personal-access-tokens
 */

/** A fine-grained permission's level; `write` implies `read`. */
export type Level = 'read' | 'write';

/** The permissions a token may hold (metadata: read is implied, as GitHub always grants it). */
export interface Permissions {
  actions?: Level;
  administration?: Level;
  contents?: Level;
  pages?: Level;
  secrets?: Level;
}

/** A token the emulator accepts. */
export interface Token {
  /** Repositories (`owner/name`) the token can reach. */
  repos: string[];
  permissions: Permissions;
  /** `installation` for a workflow run's GITHUB_TOKEN (1,000 requests an hour), `user` for a PAT (5,000). */
  kind: 'user' | 'installation';
  /** The user the token acts as. */
  login: string;
  /** When the token expires (epoch ms); absent: never (token-expiry.ts). */
  expiresAt?: number;
}

/** A workflow's state as `GET /actions/workflows` reports it. */
export type WorkflowState = 'active' | 'disabled_manually' | 'disabled_inactivity' | 'disabled_fork';

/** One workflow run. */
export interface Run {
  id: number;
  runNumber: number;
  /** `.github/workflows/<file>` */
  path: string;
  event: string;
  headSha: string;
  headBranch: string;
  status: 'queued' | 'in_progress' | 'completed';
  conclusion: 'success' | 'failure' | 'skipped' | 'cancelled' | null;
  createdAt: string;
  updatedAt: string;
  /** When a runner took it (`run_started_at`); unset while queued. */
  startedAt?: string;
  /** Step output, for tests and the run page. Never holds secrets (the runner masks them). */
  log: string;
  /** The workflow's `name:` (the file path when it has none), as a run's `name` reports it. */
  name?: string;
  /** `display_title`: the workflow's `run-name:` evaluated at the run's start, else its name. */
  displayTitle?: string;
  /** The head commit as `head_commit` reports it (run-title.ts). */
  headCommit?: { treeId: string; message: string; timestamp: string; author: { name: string; email: string }; committer: { name: string; email: string } };
  /** The run's jobs as the runner took them (run-jobs.ts). */
  jobs?: RunJob[];
}

/** One job of a run, with its steps (`GET /actions/runs/{id}/jobs`). */
export interface RunJob {
  id: number;
  name: string;
  status: 'queued' | 'in_progress' | 'completed';
  conclusion: 'success' | 'failure' | 'skipped' | 'cancelled' | null;
  startedAt: string;
  completedAt?: string;
  steps: { number: number; name: string; status: 'in_progress' | 'completed'; conclusion: 'success' | 'failure' | null; log: string }[];
}

/** One emulated repository. */
export interface Repo {
  id: number;
  owner: string;
  name: string;
  /** Bare repository on disk. */
  dir: string;
  defaultBranch: string;
  visibility: 'public' | 'private';
  isTemplate: boolean;
  /** A fork (`fork: true` in the repository's JSON): GitHub starts its workflows `disabled_fork`. */
  fork?: boolean;
  createdAt: string;
  pushedAt: string;
  /** Repository setting "Allow all actions" (forks start with workflows off). */
  actionsEnabled: boolean;
  /** Workflow file name → state; absent means active. */
  workflowStates: Map<string, WorkflowState>;
  /** Last activity GitHub's 60-day rule counts, epoch ms (inactivity.ts); unset: since `createdAt`. */
  activityAt?: number;
  /** Workflow file name → when it was last enabled through the API, epoch ms (inactivity.ts). */
  enabledAt: Map<string, number>;
  /** Secret name → opened value and times. */
  secrets: Map<string, { value: string; createdAt: string; updatedAt: string }>;
  /** Deployment environments by lower-cased name (GitHub compares environment names without case). */
  environments?: Map<string, Environment>;
  pages?: { buildType: 'workflow' | 'legacy'; createdAt: string; /** A custom domain (Settings → Pages → Custom domain). */ cname?: string };
  runs: Run[];
}

/**
 * One deployment environment (https://docs.github.com/actions/reference/environments): its
 * deployment-branch policy (`null`: every branch may use it; `protectedBranches`: only protected
 * branches, and the double has no branch protection; `customBranchPolicies`: branches matching a
 * `policies` name pattern) and its secrets, which a job that references it gets over repository ones.
 */
export interface Environment {
  id: number;
  /** As first written. */
  name: string;
  createdAt: string;
  updatedAt: string;
  branchPolicy: { protectedBranches: boolean; customBranchPolicies: boolean } | null;
  policies: { id: number; name: string; type: 'branch' | 'tag' }[];
  secrets: Map<string, { value: string; createdAt: string; updatedAt: string }>;
}

/** Everything the emulator knows. */
export interface GithubState {
  repos: Map<string, Repo>;
  tokens: Map<string, Token>;
  /** Actions secrets are sealed to this Curve25519 key pair (one for all repos; GitHub keys per repo). */
  boxKey: { keyId: string; publicKey: Uint8Array; privateKey: Uint8Array };
  nextId: number;
  /** A user's plan as `GET /user` reports it (`plan.name`); absent: `free`. */
  userPlans?: Record<string, string>;
  /**
   * Answer as this GitHub Enterprise Server release (`/meta`'s `installed_version`) rather than
   * github.com: the dispatch body is held to that release's OpenAPI description, which (3.17–3.19)
   * has no `return_run_details`.
   */
  ghesVersion?: string;
}

/** True when `token` grants `permission` at `level` on `repo`. */
export function allows(token: Token | undefined, repo: Repo, permission: keyof Permissions | 'metadata', level: Level): boolean {
  if (!token) return repo.visibility === 'public' && level === 'read' && (permission === 'metadata' || permission === 'contents' || permission === 'actions' || permission === 'pages');
  if (!token.repos.includes(`${repo.owner}/${repo.name}`)) return false;
  if (permission === 'metadata') return level === 'read';
  const has = token.permissions[permission];
  return has === 'write' || (has === 'read' && level === 'read');
}
