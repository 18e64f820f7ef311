/**
 * The contract between whatever starts a job (a GitHub workflow, a GitLab pipeline, `gfa run`,
 * `gfa dev`) and the job bundle `dist/jobs/<job>.mjs`. Everything reaches the bundle through
 * environment variables or files, never through text substituted into a shell script.
 *
 * Resolution order for the trigger:
 * 1. `GFA_JOB` / `GFA_REQUEST_ID` / `GFA_INPUT` (JSON text) or `GFA_INPUT_B64` (base64url of JSON text),
 *    with `GFA_TRIGGER` = schedule | trigger | event (set by `gfa run`, `gfa dev`, GitLab jobs from inputs).
 * 2. GitHub: `GITHUB_EVENT_NAME` + the JSON file at `GITHUB_EVENT_PATH`
 *    (`workflow_dispatch`: `inputs.request_id`, `inputs.input`; `repository_dispatch`:
 *    `client_payload.request_id`, `client_payload.input`; `schedule`; any other name is a forge event).
 * 3. GitLab: `CI_PIPELINE_SOURCE` (`schedule`, `trigger`, `api`, `web`, `pipeline`) and for webhooks the
 *    file named by `TRIGGER_PAYLOAD`.
 *
 * Where the data lives: `GFA_REMOTE` if set; else on GitHub
 * `${GITHUB_SERVER_URL}/${GITHUB_REPOSITORY}.git` authenticated with `GITHUB_TOKEN`; else on GitLab
 * `${CI_SERVER_URL}/${CI_PROJECT_PATH}.git` authenticated with `GFA_PUSH_TOKEN` (or `CI_JOB_TOKEN`).
 */

/** Environment variables the job runtime reads. */
export const ENV = {
  /** Job name (must match the bundle). */
  job: 'GFA_JOB',
  /** Request id chosen by the caller (`[A-Za-z0-9_-]{1,64}`); generated when absent. */
  requestId: 'GFA_REQUEST_ID',
  /** Trigger input as JSON text. */
  input: 'GFA_INPUT',
  /** Trigger input as base64url of JSON text (GitLab `spec:inputs`, which has no object type). */
  inputB64: 'GFA_INPUT_B64',
  /** schedule | trigger | event. */
  trigger: 'GFA_TRIGGER',
  /** For schedules: the cron expression that fired. */
  schedule: 'GFA_SCHEDULE',
  /** Data remote URL (path, file://, http(s)://). */
  remote: 'GFA_REMOTE',
  /** Data branch. @default "data" */
  branch: 'GFA_BRANCH',
  /** squash | keep. */
  history: 'GFA_HISTORY',
  /** Base64 secret key(s), comma-separated; the first encrypts. */
  secretKey: 'GFA_SECRET_KEY',
  /** Token for pushing on GitLab when the job token may not push. */
  pushToken: 'GFA_PUSH_TOKEN',
  /** Directory for the local git cache. @default a temporary directory */
  cacheDir: 'GFA_CACHE_DIR',
  /** Milliseconds a store transaction keeps retrying after conflicting writes. @default 60000 */
  txDeadline: 'GFA_TX_DEADLINE_MS',
  /** Committer name of data commits. @default the CI's identity (GITHUB_ACTOR, GITLAB_USER_LOGIN), else "gfa" */
  committerName: 'GFA_COMMITTER_NAME',
  /** Committer e-mail of data commits. @default the CI's identity (GitHub no-reply address, GITLAB_USER_EMAIL), else "gfa@localhost" */
  committerEmail: 'GFA_COMMITTER_EMAIL',
  /** Prints stack traces. */
  debug: 'GFA_DEBUG',
  /** With GFA_TRIGGER=event: the forge event name (e.g. `issues`). */
  event: 'GFA_EVENT',
  /** With GFA_TRIGGER=event: path of a JSON file holding the event payload. */
  eventPath: 'GFA_EVENT_PATH',
  /** The owner passphrase for the CLI (`gfa dev`, `gfa deploy`) when no file or prompt gives it. */
  passphrase: 'GFA_PASSPHRASE',
  /** `gfa dev`'s port. @default 4400 */
  devPort: 'GFA_DEV_PORT',
} as const;

/** Trigger input larger than this (bytes of JSON text) is rejected before the handler runs. */
export const MAX_INPUT_BYTES = 64 * 1024;

/** Key of a request's result on the data branch. */
export function resultKey(requestId: string): string {
  return `results/${requestId}`;
}

/** A result is removed by the first run after it is this old (as its request id says). */
export const RESULT_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * When a request id was made, for ids that start with the time (`0` + 8 base-36 digits of
 * milliseconds, then `-`: the runtime's and the client SDK's); undefined for any other id, whose
 * result is then kept.
 */
export function requestIdTime(id: string): number | undefined {
  const m = /^(0[0-9a-z]{8})-/.exec(id);
  if (!m) return undefined;
  const ms = Number.parseInt(m[1] as string, 36);
  return ms >= Date.UTC(2020, 0, 1) ? ms : undefined;
}

/** What `results/<requestId>` holds (JSON). */
export interface JobResult {
  job: string;
  requestId: string;
  status: 'ok' | 'error';
  output?: unknown;
  error?: { code: string; message: string };
  startedAt: string;
  finishedAt: string;
}

/** Request ids are safe as a path segment and as an env value. */
export const REQUEST_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * The one request-id maker (runtime, CLI, `gfa dev`, browser client): milliseconds since the epoch in
 * base 36 (sorts by time; {@link requestIdTime} reads it back so results expire), `-`, an optional
 * tag (`cron-`, `tick-`), then 16 random base64url characters. An id names a result; it is not a
 * secret (results are on the data branch, sealed when the app encrypts), so `Math.random` is enough to
 * keep ids of the same millisecond apart, and a job does not load `node:crypto` (~6 ms) to make one.
 */
export function newRequestId(options: { now?: number; tag?: string } = {}): string {
  let random = '';
  for (let i = 0; i < 16; i++) random += ALPHABET[Math.floor(Math.random() * 64)];
  return `${(options.now ?? Date.now()).toString(36).padStart(9, '0')}-${options.tag ?? ''}${random}`;
}

/** True when `id` is a safe request id (`[A-Za-z0-9_-]{1,64}`). */
export function isRequestId(id: unknown): id is string {
  return typeof id === 'string' && REQUEST_ID_PATTERN.test(id);
}
