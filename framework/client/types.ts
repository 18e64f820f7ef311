/** Types of the browser client SDK (`gfa/client`) and its one forge-adapter interface. */

/** Secrets wrapped in `.gfa/keys.json` under the owner passphrase. */
export interface UnlockedSecrets {
  /** The credential that may start jobs (local: a bearer token; GitHub: a fine-grained token with Actions: write). */
  triggerToken: string;
  /** Base64 data key(s), comma-separated (GFA_SECRET_KEY); absent when the app's store is not encrypted. */
  dataKey?: string;
  [name: string]: string | undefined;
}

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

/**
 * What a forge adapter offers the client: reads go by commit SHA (never by branch name, which CDNs
 * cache); only `head` looks at the branch, with a conditional request. Adapters: `local` (gfa dev),
 * later `github` and `gitlab`; each runs the shared suite in test/client/forge-suite.ts.
 */
export interface ClientForge {
  readonly name: 'local' | 'github' | 'gitlab';
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
  /** Starts a job with the trigger credential. */
  trigger(credential: string, request: TriggerRequest): Promise<void>;
}

/** Settings for {@link connect}. */
export type ConnectOptions =
  | { forge: 'local'; /** The gfa dev origin, e.g. `http://127.0.0.1:4400`. */ url: string; fetch?: typeof fetch }
  | { forge: 'github'; owner: string; repo: string; branch?: string; fetch?: typeof fetch }
  | { forge: 'gitlab'; url?: string; project: string; branch?: string; fetch?: typeof fetch };

/** Options of `unlock`. */
export interface UnlockOptions {
  /** Keep the unwrapped secrets in `sessionStorage` (this tab only) so a reload needs no passphrase. Never localStorage. */
  persist?: 'session';
  /** Accept Argon2id limits weaker than MODERATE (tests only). @default false */
  allowWeak?: boolean;
}

/** Options of `trigger`. */
export interface TriggerOptions {
  /** Give up waiting for the result after this many ms (E_TIMEOUT). @default 120000 */
  timeoutMs?: number;
  /** Use this request id instead of a random one (`[A-Za-z0-9_-]{1,64}`). */
  requestId?: string;
}

/** A started job. */
export interface TriggeredJob<T = unknown> {
  requestId: string;
  /** Polls `results/<requestId>`; resolves with the job's output, rejects with its error code and message or E_TIMEOUT. */
  result(): Promise<T>;
}

/** A connected client. */
export interface Client {
  readonly forge: ClientForge;
  /** True once secrets are in memory. */
  readonly unlocked: boolean;
  /** Fetches `.gfa/keys.json` and unwraps it with the passphrase (loads libsodium now). Wrong passphrase: E_PASSPHRASE. */
  unlock(passphrase: string, options?: UnlockOptions): Promise<void>;
  /** Forgets the secrets (and the sessionStorage copy). */
  lock(): void;
  /** Starts `job` with `input`. */
  trigger<T = unknown>(job: string, input?: unknown, options?: TriggerOptions): Promise<TriggeredJob<T>>;
  /** Reads the data branch at its current head (decrypting when the app's store is encrypted). */
  kv: {
    get(key: string): Promise<string | undefined>;
    getJson<T = unknown>(key: string): Promise<T | undefined>;
    list(prefix?: string): Promise<string[]>;
  };
}
