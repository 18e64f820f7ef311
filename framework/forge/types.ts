/**
 * The forge adapters' two interfaces, one per side:
 * - {@link ClientForge}: what the browser client needs (start a job, read the data branch by commit SHA);
 *   browser-safe, `fetch` only.
 * - {@link Forge}: what the CLI needs to set a repository up (`gfa deploy`), start jobs (`gfa trigger`) and
 *   check the set-up (`gfa doctor`); Node side, may use the forge SDKs.
 * Implementations: `github/`, `gitlab/`, `local/`. Adapters never import each other; each runs the shared
 * suite in test/forge/suite.ts.
 */
import type { Manifest } from '../app/manifest.ts';

/** The forges gfa knows. */
export type ForgeName = 'local' | 'github' | 'gitlab';

/** The branch head: its commit SHA and the tag for the next conditional request. */
export interface Head {
  sha: string;
  etag: string;
}

/** One trigger request as the forge receives it. */
export interface TriggerRequest {
  job: string;
  requestId: string;
  input?: unknown;
}

/** One request of a batch: its own id (its result is `results/<requestId>`) and input. */
export interface RequestItem {
  requestId: string;
  input?: unknown;
}

/**
 * What one trigger carries: one or more requests for one job, served by one run. With more than one
 * request, `batchId` names the batch: the run also writes `results/<batchId>` holding every member's
 * result, so a client reads one file per batch (see framework/forge/batch.ts for the wire form and limits).
 */
export interface TriggerBatch {
  job: string;
  requests: RequestItem[];
  /** Required when `requests` has more than one member. */
  batchId?: string;
}

/** The run a trigger started, as far as the forge says (GitHub: return_run_details; GitLab: the pipeline). */
export interface RunRef {
  runId?: string;
  runUrl?: string;
}

/** A run's state in the forge's words, reduced: GitHub queued/in_progress/completed+conclusion, GitLab created/pending/running/success/failed/canceled. */
export interface RunStatus {
  state: 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';
  /** The forge's own words, e.g. `completed/failure` or `failed`. */
  detail: string;
  url?: string;
}

/**
 * What a forge adapter offers the browser client: reads go by commit SHA (never by branch name, which
 * CDNs cache); only `head` looks at the branch, with a conditional request.
 */
export interface ClientForge {
  readonly name: ForgeName;
  /** Polling delays in ms for `result()` (the last one repeats). */
  readonly backoff: readonly number[];
  /** The repo's `.gfa/keys.json`, parsed but not validated. */
  keysFile(): Promise<unknown>;
  /** The data branch head; `'unchanged'` when `etag` still matches; undefined when there is no data branch yet. */
  head(etag?: string): Promise<Head | 'unchanged' | undefined>;
  /** A file's bytes at commit `sha`, or undefined when it does not exist. */
  readFile(sha: string, path: string): Promise<Uint8Array | undefined>;
  /** Every file path under directory `dir` ('' = all) at commit `sha`, sorted. */
  listFiles(sha: string, dir: string): Promise<string[]>;
  /**
   * The root tree id and message of commit `sha`, for the check of an encrypted store's signed heads
   * (its `gfa-mac` trailer). Optional: without it the client cannot detect a tampered or rolled-back branch.
   */
  commit?(sha: string): Promise<{ tree: string; message: string }>;
  /**
   * The message of commit `sha` alone, for adapters whose forge names no tree in its commit answer
   * (GitLab: https://docs.gitlab.com/api/commits/#get-a-single-commit): enough for the `gfa-layout`
   * trailer (where keys are), not for the signed-head check. Used only when `commit` is absent.
   */
  commitMessage?(sha: string): Promise<string>;
  /** Starts one run of a job for a batch, with the trigger credential (GitHub: the dispatch token; GitLab: the trigger token). */
  trigger(credential: string, batch: TriggerBatch): Promise<RunRef>;
  /**
   * Optional: the status of run `runId` of `job` (GitHub needs Actions: read on the token, which
   * Actions: write includes; GitLab pipelines of public projects are public). Cheap to call on every poll.
   */
  run?(runId: string, job: string): Promise<RunStatus>;
  /** The most requests one trigger may carry, and the most characters of their inputs (the forge's dispatch limits). */
  readonly batchLimit: BatchLimit;
  /**
   * Optional: the client hands over the unwrapped credential on unlock (undefined on lock), so reads
   * are authenticated (GitHub: 5,000 requests an hour instead of 60 per address, and a 304 is free
   * only when made with a token).
   */
  useCredential?(credential: string | undefined): void;
}

/** What one trigger may carry (framework/forge/batch.ts splits a batch that exceeds it). */
export interface BatchLimit {
  requests: number;
  /** Characters of the encoded batch input. */
  chars: number;
}

/** Where the app's repository is. */
export interface RepoTarget {
  forge: ForgeName;
  /** `OWNER/NAME` (GitHub) or the project path `GROUP[/SUBGROUP…]/NAME` (GitLab). */
  repo: string;
}

/** Facts about the repository that deploy, trigger and doctor need. */
export interface RepoInfo {
  defaultBranch: string;
  visibility: 'public' | 'private' | 'internal';
  /** The repository's web page. */
  webUrl: string;
}

/** One line of progress: a step and what happened (`created`, `exists`, `updated`…). Never a secret. */
export type Progress = (line: string) => void;

/** What `gfa deploy` hands the adapter; the adapter decides which forge calls that needs. */
export interface DeployInput {
  appDir: string;
  manifest: Manifest;
  /** The owner's passphrase, used to wrap `.gfa/keys.json`. */
  passphrase: string;
  /** GitHub only: the browser's fine-grained token (Actions: write, Contents: read). */
  dispatchToken?: string;
  /** Data key to store as `GFA_SECRET_KEY` when the forge has none yet; generated when absent. */
  secretKey?: string;
  /** Argon2id limits for the keys file (tests only; the default is MODERATE). */
  kdf?: { opslimit: number; memlimit: number };
  progress: Progress;
}

/** What `gfa deploy` did. */
export interface DeployReport {
  /** The Pages URL the owner opens. */
  pagesUrl?: string;
  /** A data key created by this run: printed once by the CLI, never stored in plaintext anywhere else. */
  newSecretKey?: string;
  /** Number of write requests sent (0 on a second run with nothing to change). */
  writes: number;
}

/** One result of `gfa doctor`. */
export interface Check {
  /** A stable id such as `actions-enabled`, `secret`, `pages`, `schedule:fetch-feeds`. */
  id: string;
  status: 'ok' | 'warn' | 'error';
  /** One line: what was found, and for warn/error how to fix it. */
  message: string;
}

/** Server side of a forge: set up, start jobs, check. */
export interface Forge {
  readonly name: ForgeName;
  readonly target: RepoTarget;
  /** Reads the repository (default branch, visibility). */
  repository(): Promise<RepoInfo>;
  /** Makes the repository ready for the app; idempotent: a second run sends no write request. */
  deploy(input: DeployInput): Promise<DeployReport>;
  /** Starts one run of a job on the default branch for a batch; returns the run when the forge gives it. */
  trigger(batch: TriggerBatch): Promise<RunRef>;
  /** Optional: the status of run `runId` of `job`. */
  run?(runId: string, job: string): Promise<RunStatus>;
  /** Reads the data branch as the browser does (for `gfa trigger --wait` and doctor's failed results). */
  reader(): Promise<Pick<ClientForge, 'keysFile' | 'head' | 'readFile' | 'listFiles' | 'backoff'>>;
  /** Every check `gfa doctor` prints, in order. */
  doctor(input: { appDir: string; manifest: Manifest }): Promise<Check[]>;
  /** Optional (`gfa migrate`): the repository's git over smart HTTP, with the owner token's credential. */
  gitRemote?(): GitRemote;
  /**
   * Optional (`gfa migrate`): turns gfa's schedules on or off without changing the app's files
   * (GitHub: enables or disables each scheduled job's workflow; GitLab: the `active` flag of gfa's
   * pipeline schedules). Reads first; returns the number of write requests sent (0 when nothing changed).
   */
  setSchedules?(input: { manifest: Manifest; active: boolean; progress: Progress }): Promise<number>;
}

/** Where `git` fetches and pushes a repository, and with which credential. Never print `password`. */
export interface GitRemote {
  /** `https://HOST/OWNER/NAME.git` (no credentials in it). */
  url: string;
  /** The user name of the forge's token convention (`x-access-token` on GitHub, `oauth2` on GitLab). */
  username: string;
  /** The token. */
  password: string;
}
