/**
 * The rules that `defineApp`, the pipeline generators and the job runtime all read: names, secrets,
 * branches, and THE table of forge events. One list, so an app that defines cleanly builds for both
 * forges, and a job started by an event finds its name the same way on each.
 */

/**
 * Forge events a job may declare, with the GitHub activity types that start it and the GitLab webhook
 * `object_kind` that maps to it (none: the event does not exist on GitLab, and the job is simply never
 * started there). Types are chosen so a job runs on new or changed content, not on every label or
 * assignment. `pull_request_target` and `workflow_run` are deliberately absent: they run with secrets on
 * attacker-chosen code.
 */
export const EVENTS = {
  issues: { github: ['opened', 'edited', 'reopened'], gitlab: 'issue' },
  issue_comment: { github: ['created', 'edited'], gitlab: 'note' },
  discussion: { github: ['created', 'edited'], gitlab: undefined },
  discussion_comment: { github: ['created', 'edited'], gitlab: undefined },
  release: { github: ['published'], gitlab: 'release' },
} as const satisfies Record<string, { github: readonly string[]; gitlab: string | undefined }>;

/** A forge event a job may declare. */
export type EventName = keyof typeof EVENTS;

/** The event names, sorted. */
export const EVENT_NAMES = Object.keys(EVENTS).sort() as EventName[];

/** True when `name` is an event a job may declare. */
export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(EVENTS, name);
}

/** The event name for a GitLab webhook `object_kind`, or undefined when no job can declare it. */
export function eventFromGitlabKind(kind: string): EventName | undefined {
  return EVENT_NAMES.find((name) => EVENTS[name].gitlab === kind);
}

/** The events whose issue or comment text may carry a user's join or signed request (framework/runtime/users.ts). */
export const USER_TEXT_EVENTS: readonly EventName[] = ['issues', 'issue_comment'];

/**
 * True when a job takes joins and signed requests from users (issue 26): the app declares policies and
 * the job listens to `event` (or, without one, any of {@link USER_TEXT_EVENTS}) with `from: 'anyone'`.
 * The runtime then reads gfa blocks in such events, and the job's bundle carries libsodium to verify them.
 */
export function takesUsers(app: { policies?: readonly string[] }, job: { on: readonly { kind: string; name?: string; from?: string }[] }, event?: string): boolean {
  if ((app.policies ?? []).length === 0) return false;
  return job.on.some((s) => s.kind === 'event' && s.from === 'anyone' && (USER_TEXT_EVENTS as readonly string[]).includes(s.name ?? '') && (event === undefined || s.name === event));
}

/** Names of apps and jobs: a workflow file name, a GitLab job name and a path segment. */
export const NAME_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

/** Names of secrets: UPPER_SNAKE. */
export const SECRET_PATTERN = /^[A-Z][A-Z0-9_]{0,63}$/;

/** Prefixes the generated environment already uses or that a forge reserves. */
export const RESERVED_SECRET_PREFIXES = ['GFA_', 'GITHUB_', 'CI_', 'GITLAB_', 'RUNNER_', 'ACTIONS_'] as const;

/** Why `name` cannot be a secret name, or undefined when it can. */
export function secretNameProblem(name: unknown): string | undefined {
  if (typeof name !== 'string' || !SECRET_PATTERN.test(name)) return 'must be UPPER_SNAKE (like FEED_TOKEN)';
  const reserved = RESERVED_SECRET_PREFIXES.find((p) => name.startsWith(p));
  return reserved ? `must not start with ${RESERVED_SECRET_PREFIXES.join(', ')}` : undefined;
}

/** Data branch names: plain, no `..`. */
export const BRANCH_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,99}$/;

/** True when `branch` is a plain branch name the pipelines can carry. */
export function isBranchName(branch: unknown): branch is string {
  return typeof branch === 'string' && BRANCH_PATTERN.test(branch) && !branch.includes('..');
}

/**
 * A runner label (GitHub `runs-on`, GitLab `tags`): letters, digits, `.`, `_`, `-`, at most 100, no
 * spaces, `$` or `{`, so a label can never be an expression or a variable in the generated YAML.
 */
export const RUNNER_LABEL = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/** Where jobs run: GitHub `runs-on` labels and GitLab runner `tags`, each optional (absent: the forge's hosted runners). */
export interface RunnerSetting {
  github?: readonly string[];
  gitlab?: readonly string[];
}

/** Why `runner` is not a {@link RunnerSetting}, or undefined when it is one. */
export function runnerProblem(runner: unknown): string | undefined {
  if (typeof runner !== 'object' || runner === null || Array.isArray(runner)) return "must be { github?: ['self-hosted', 'linux'], gitlab?: ['my-tag'] }";
  for (const [forge, labels] of Object.entries(runner)) {
    if (forge !== 'github' && forge !== 'gitlab') return `has "${forge}"; use github and gitlab`;
    if (!Array.isArray(labels) || labels.length === 0 || labels.length > 10) return `${forge} must list 1 to 10 labels`;
    const bad = labels.find((l) => typeof l !== 'string' || !RUNNER_LABEL.test(l));
    if (bad !== undefined) return `${forge} label ${JSON.stringify(bad)} must be letters, digits, ".", "_" or "-" (at most 100)`;
  }
  return undefined;
}

/**
 * A GitHub environment name for `defineApp({ githubEnvironment })`: letters, digits, `.`, `_`, `-`, at
 * most 64, so it can never be an expression in the generated YAML. GitHub compares environment names
 * without case; `github-pages` is the one GitHub's Pages deploy uses (and its branch policy is GitHub's).
 */
export const GITHUB_ENVIRONMENT_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

/** Why `name` cannot be the app's `githubEnvironment`, or undefined when it can. */
export function githubEnvironmentProblem(name: unknown): string | undefined {
  if (typeof name !== 'string' || !GITHUB_ENVIRONMENT_PATTERN.test(name)) return 'must be 1 to 64 letters, digits, ".", "_" or "-" (like "gfa")';
  if (name.toLowerCase() === 'github-pages') return 'must not be "github-pages", the environment of the Pages deploy';
  return undefined;
}
