/** @module Types of an app definition: what `gfa.config.ts` exports and what a job handler sees. */
import type { KvTx } from '../store/store.ts';
import type { RunnerSetting } from './rules.ts';

/** The Standard Schema interface (https://standardschema.dev), typed here so gfa needs no dependency. */
export interface StandardSchemaV1<Input = unknown, Output = Input> {
  readonly '~standard': {
    readonly version: 1;
    readonly vendor: string;
    readonly validate: (value: unknown) => StandardSchemaResult<Output> | Promise<StandardSchemaResult<Output>>;
    readonly types?: { readonly input: Input; readonly output: Output } | undefined;
  };
}

/** The result of a Standard Schema validation. */
export type StandardSchemaResult<Output> =
  | { readonly value: Output; readonly issues?: undefined }
  | { readonly issues: ReadonlyArray<StandardSchemaIssue> };

/** One validation issue. */
export interface StandardSchemaIssue {
  readonly message: string;
  readonly path?: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }> | undefined;
}

/** The output type of a schema (`unknown` without one). */
export type InferOutput<S> = S extends StandardSchemaV1<unknown, infer O> ? O : unknown;

/** `schedule(cron)`: run on a cron schedule (5 fields, UTC). */
export interface ScheduleSpec { readonly kind: 'schedule'; readonly cron: string }
/** `trigger({ input })`: run on an HTTP POST (workflow_dispatch / pipeline trigger). */
export interface TriggerSpec<S extends StandardSchemaV1 | undefined = StandardSchemaV1 | undefined> {
  readonly kind: 'trigger';
  readonly input?: S;
}
/**
 * Who may start an event job: `collaborators` (the default: the forge says the actor can push, see
 * {@link EventActor.trusted}) or `anyone` (strangers too: treat the event as hostile input).
 */
export type EventAudience = 'collaborators' | 'anyone';
/** `event(name, { from })`: run on a forge event (issues, issue_comment, ...). */
export interface EventSpec { readonly kind: 'event'; readonly name: string; readonly from?: EventAudience }
/** Anything in a job's `on` list. */
export type OnSpec = ScheduleSpec | TriggerSpec | EventSpec;

/** Who caused a forge event, as its payload says. */
export interface EventActor {
  /** GitHub login or GitLab username; undefined when the payload does not name one. */
  login?: string;
  /** The forge's numeric user id (GitHub `sender.id`, GitLab `user.id`); logins can change, ids do not. */
  id?: number;
  /** GitHub's `author_association` (OWNER, MEMBER, COLLABORATOR, CONTRIBUTOR, NONE, ...), as the payload claims it; informational. */
  association?: string;
  /** GitLab access level (10 Guest … 30 Developer … 50 Owner), as the payload claims it; informational. */
  accessLevel?: number;
  /**
   * The forge's permission API says the actor can push (GitHub admin or write; GitLab Developer or
   * above). Never decided from the payload on a forge; locally (`gfa run`) the payload's claims stand.
   */
  trusted: boolean;
}

/** What started this run. */
export type TriggerInfo =
  | { kind: 'schedule'; cron: string }
  | { kind: 'trigger' }
  | { kind: 'event'; name: string; payload: unknown; actor: EventActor };

/** The key/value view a job sees: the store's transaction, so all writes land as one commit when the handler succeeds. */
export type JobKv = KvTx;

/** Log lines go to stderr; secret values are masked as `***`. */
export interface JobLog {
  info(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
}

/** What a handler receives. */
export interface JobContext<Input = unknown> {
  /** The trigger input after validation (undefined for schedules and events). */
  input: Input;
  kv: JobKv;
  /** Only the names listed in the job's `secrets`. */
  secrets: Readonly<Record<string, string>>;
  log: JobLog;
  requestId: string;
  trigger: TriggerInfo;
  /** The numeric forge id of the user this request is served for; undefined for the owner. */
  user?: string;
}

/** A job: when it runs, which secrets it may read, and its handler. */
export interface JobDefinition<Input = any, Output = unknown> {
  on: readonly OnSpec[];
  /** Allow-list of secret names (UPPER_SNAKE) the handler may read. */
  secrets?: readonly string[];
  /** Where this job runs, instead of the app's `runner` (GitHub `runs-on` labels, GitLab runner `tags`). */
  runner?: RunnerSetting;
  /** The handler. Its JSON-serialisable return value becomes the result's `output`. */
  run: (ctx: JobContext<Input>) => Promise<Output> | Output;
}

/** The app: `export default defineApp({...})` in `gfa.config.ts`. */
export interface AppDefinition {
  /** `[a-z0-9-]+`. */
  name: string;
  store?: {
    /** @default "data" */
    branch?: string;
    /** @default "squash" */
    history?: 'squash' | 'keep';
    /** Seal values with GFA_SECRET_KEY. @default false */
    encrypt?: boolean;
  };
  /** Frontend sources relative to the app folder. */
  pages?: {
    dir: string;
    /**
     * Where `<audio>`/`<video>` may load from, added to the page's CSP as `media-src 'self' …`: `https:`
     * (any https host, for media the page cannot know at build time, like a feed's enclosures) or https
     * origins. @default none: media from the site only
     */
    media?: readonly string[];
  };
  /**
   * Opt-in sessions (off by default): a run started by a trigger, after serving its request or batch,
   * stays up and serves the requests dispatched meanwhile, taking them from the forge's own queue of
   * runs or pipelines and cancelling each queued run before a runner takes it. It exits when
   * `idleSeconds` pass with no request, or when `maxSeconds` have passed since it started. Schedules
   * and events never start a session. A session bills its runner's time: see the README, "Sessions".
   */
  session?: SessionSettings;
  /**
   * Where the app's jobs run (each job may say otherwise): GitHub `runs-on` labels (e.g.
   * `['self-hosted', 'linux']`) and GitLab runner `tags`. @default GitHub's `ubuntu-24.04`, GitLab's
   * instance runners. Self-hosted runners bill no minutes: recommended for heavy session use.
   */
  runner?: RunnerSetting;
  /**
   * GitHub only: the name of an environment (e.g. `'gfa'`) that holds `GFA_SECRET_KEY` instead of the
   * repository. The generated job workflows then name it (`environment: { name, deployment: false }`), and
   * `gfa deploy` creates it with a deployment-branch policy allowing only the default branch, sets the
   * key as its secret and deletes the repository-level copy, so a workflow pushed to another branch gets
   * no key. Environments need a public repository, or GitHub Pro, Team or Enterprise for a private one
   * (docs.github.com, "Managing environments for deployment"). @default none: a repository secret, which
   * a workflow on any branch receives (push access is access to the key)
   */
  githubEnvironment?: string;
  jobs: Record<string, JobDefinition>;
  /**
   * Who may do what to which keys, for requests made by someone other than the owner, in the syntax of
   * the git-apps idea: `WHO OPERATIONS PATTERN`, e.g. `anyone create-file,modify,delete-file ^users/$user_id/.*$`
   * (see framework/policy/parse.ts). Declared once for the app, since every job shares one store.
   * The owner is never restricted. @default none: a user may do nothing
   */
  policies?: readonly string[];
}

/** `defineApp({ session: { idleSeconds, maxSeconds } })`. */
export interface SessionSettings {
  /** Seconds with no new request after which the session exits (1 to 3600). */
  idleSeconds: number;
  /** Seconds after the run started after which the session exits, busy or not (at least idleSeconds, at most 21600). */
  maxSeconds: number;
}
