/**
 * The state of the GitLab emulator (`gfa dev --as gitlab`): one project with its settings, CI/CD
 * variables, trigger tokens, pipeline schedules and pipelines, kept in memory; its repository is a
 * real bare git repository on disk. A test double of GitLab's documented behaviour, not a forge.
 */
import { randomBytes } from 'node:crypto';
import type { ScheduleCore } from '../../forge/gitlab/schedules.ts';

/** Roles a token can hold (https://docs.gitlab.com/user/permissions/). */
export type Role = 'reporter' | 'developer' | 'maintainer' | 'owner';

/** A user of the emulated instance. `state` as in the Users API (`active`, `blocked`). */
export interface User {
  id: number;
  username: string;
  name: string;
  state: 'active' | 'blocked';
}

/** A CI/CD variable (https://docs.gitlab.com/api/project_level_variables/). */
export interface Variable {
  key: string;
  value: string;
  variable_type: 'env_var' | 'file';
  protected: boolean;
  masked: boolean;
  hidden: boolean;
  raw: boolean;
  environment_scope: string;
  description: string | null;
}

/** A pipeline trigger token (https://docs.gitlab.com/api/pipeline_triggers/). */
export interface TriggerToken {
  id: number;
  description: string;
  token: string;
  ownerId: number;
  created_at: string;
  last_used: string | null;
  /** `YYYY-MM-DD` the token stops working, or null (`expires_at`, lib/api/ci/triggers.rb). */
  expires_at: string | null;
}

/** A pipeline schedule (https://docs.gitlab.com/api/pipeline_schedules/). */
export interface Schedule extends ScheduleCore {
  ownerId: number;
  /** Values as given: strings, arrays, numbers or booleans (pipeline_schedules.md). */
  inputs: { name: string; value: unknown }[];
  created_at: string;
  updated_at: string;
}

/** A job of a finished pipeline (https://docs.gitlab.com/api/jobs/), as gitlab-ci-local reported it. */
export interface Job {
  id: number;
  name: string;
  stage: string;
  status: 'success' | 'failed' | 'canceled';
  /** The job's lines of the runner's output (`GET /jobs/:id/trace`). */
  trace: string;
  started_at: string | null;
  finished_at: string | null;
}

/** A pipeline (https://docs.gitlab.com/api/pipelines/). */
export interface Pipeline {
  id: number;
  iid: number;
  source: 'push' | 'trigger' | 'schedule' | 'api' | 'web';
  ref: string;
  sha: string;
  status: 'created' | 'pending' | 'running' | 'success' | 'failed' | 'canceled';
  /** Pipeline inputs as given (strings, numbers, booleans, arrays: https://docs.gitlab.com/ci/inputs/). */
  inputs: Record<string, unknown>;
  /** `workflow:name` with the inputs in it (pipeline-name.ts); null when the file names none. */
  name?: string | null;
  created_at: string;
  updated_at: string;
  /** When its first job started running; null while created or pending. */
  started_at: string | null;
  /** When it finished (success, failed or canceled); null before. */
  finished_at: string | null;
  /** Names of the jobs that ran (emulator bookkeeping). */
  jobs: string[];
  /** The jobs as the jobs API shows them, once the pipeline has finished. */
  jobRecords?: Job[];
  /** Who started it: the trigger's, schedule's or pusher's user (the owner when unknown). */
  userId?: number;
  /** The schedule that started it (`GET /pipeline_schedules/:id/pipelines`, `last_pipeline`). */
  scheduleId?: number;
  /** The runner's output (emulator bookkeeping; never served). */
  log: string;
}

/** The one emulated project. */
export interface Project {
  id: number;
  path: string;
  name: string;
  namespace: { id: number; full_path: string; plan: 'free' | 'premium' | 'ultimate' | undefined };
  default_branch: string;
  visibility: 'public' | 'private' | 'internal';
  settings: {
    ci_pipeline_variables_minimum_override_role: 'no_one_allowed' | 'owner' | 'maintainer' | 'developer';
    ci_push_repository_for_job_token_allowed: boolean;
  };
  variables: Variable[];
  triggers: TriggerToken[];
  schedules: Schedule[];
  pipelines: Pipeline[];
  /** Pages: the site's address (set once the Pages server listens) and whether it has a unique domain. */
  pages: { url: string; uniqueDomain: boolean };
}

/** The emulator's whole state. */
export interface GitlabState {
  version: string;
  users: User[];
  /** Personal access tokens → user id, role on the project, and `expires_at` (`YYYY-MM-DD`, routes-tokens.ts). */
  tokens: Map<string, { userId: number; role: Role; expiresAt?: string; id?: number; name?: string }>;
  /** CI_JOB_TOKEN values of running jobs. */
  jobTokens: Set<string>;
  project: Project;
  nextId(): number;
  /** Counts write requests (anything but GET/HEAD/OPTIONS) to the API, for idempotency tests. */
  writes: number;
}

/** Options of {@link createGitlabState}. */
export interface GitlabStateOptions {
  /** Project path, subgroups allowed. @default "group/app" */
  path?: string;
  defaultBranch?: string;
  visibility?: Project['visibility'];
  /** The owner's personal access token (`GITLAB_TOKEN`). */
  ownerToken: string;
  /** GitLab version `GET /version` reports. @default "18.6.0" */
  version?: string;
  /** Namespace plan (GitLab.com reports it on namespaces; pass undefined for a self-managed instance). @default "free" */
  plan?: Project['namespace']['plan'];
  /**
   * New projects on GitLab.com in new namespaces default to `no_one_allowed` (17.7+); self-managed
   * instances still default to `developer` (https://docs.gitlab.com/ci/variables/#restrict-pipeline-variables).
   * @default "developer" (so that deploy has something to fix)
   */
  pipelineVariablesRole?: Project['settings']['ci_pipeline_variables_minimum_override_role'];
}

/** A fresh state: one owner, one project with nothing set up. */
export function createGitlabState(o: GitlabStateOptions): GitlabState {
  let id = 100;
  const path = o.path ?? 'group/app';
  const owner: User = { id: 1, username: 'owner', name: 'Owner', state: 'active' };
  return {
    version: o.version ?? '18.6.0',
    users: [owner],
    tokens: new Map([[o.ownerToken, { userId: owner.id, role: 'owner' }]]),
    jobTokens: new Set(),
    writes: 0,
    nextId: () => ++id,
    project: {
      id: 42,
      path,
      name: path.split('/').at(-1)!,
      namespace: { id: 7, full_path: path.split('/').slice(0, -1).join('/'), plan: 'plan' in o ? o.plan : 'free' },
      default_branch: o.defaultBranch ?? 'main',
      visibility: o.visibility ?? 'public',
      settings: { ci_pipeline_variables_minimum_override_role: o.pipelineVariablesRole ?? 'developer', ci_push_repository_for_job_token_allowed: false },
      variables: [],
      triggers: [],
      schedules: [],
      pipelines: [],
      pages: { url: '', uniqueDomain: true },
    },
  };
}

/** A token in GitLab's trigger-token format (`glptt-` prefix, 40 hex characters after it). */
export function newTriggerToken(): string {
  return `glptt-${randomBytes(20).toString('hex')}`;
}

/** A CI_JOB_TOKEN (`glcbt-` prefix, as GitLab 17+ issues them). */
export function newJobToken(): string {
  return `glcbt-${randomBytes(20).toString('hex')}`;
}

/** ISO time now. */
export const now = (): string => new Date().toISOString();
