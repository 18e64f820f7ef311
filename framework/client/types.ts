/** Types of the browser client SDK (`gfa/client`). The forge-adapter interface lives in `forge/types.ts`. */
import type { ClientForge } from '../forge/types.ts';
export type { ClientForge, Head, RequestItem, RunRef, RunStatus, TriggerBatch, TriggerRequest } from '../forge/types.ts';

export type { UnlockedSecrets } from '../contract.ts';
import type { UnlockedSecrets } from '../contract.ts';
import type { PendingRequest } from './outbox.ts';
export type { PendingRequest, OutboxOptions } from './outbox.ts';

/** Settings every forge takes. */
export interface CommonConnectOptions {
  /** Told before a rate-limit wait, e.g. "GitHub's rate limit: waiting 42 s" (show it on the page). */
  onWait?: (line: string) => void;
}

/** Settings for {@link connect}. */
export type ConnectOptions = CommonConnectOptions & (
  | { forge: 'local'; /** The gfa dev origin, e.g. `http://127.0.0.1:4400`. */ url: string; fetch?: typeof fetch }
  | {
      forge: 'github';
      owner: string;
      repo: string;
      /** The data branch. @default "data" */
      branch?: string;
      /** API base. @default "https://api.github.com" (GitHub Enterprise Server: `https://HOST/api/v3`) */
      api?: string;
      fetch?: typeof fetch;
    }
  | { forge: 'gitlab'; url?: string; project: string; branch?: string; fetch?: typeof fetch });

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
  /** The run serving it, when the forge said (GitHub, GitLab). */
  runUrl?: string;
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
  /**
   * Starts `job` with `input`: the request joins the outbox (framework/client/outbox.ts), which sends
   * requests made close together in one trigger; resolves once that trigger is accepted.
   */
  trigger<T = unknown>(job: string, input?: unknown, options?: TriggerOptions): Promise<TriggeredJob<T>>;
  /** Requests not yet answered (in the outbox's window, or sent and waiting for their run). */
  pending(): PendingRequest[];
  /** Calls `listener` whenever the pending set changes; returns a function that stops it. */
  onPending(listener: (pending: PendingRequest[]) => void): () => void;
  /** The requests a reload had left pending, sent again by the last unlock (attach to their `result()`). */
  readonly resumed: readonly (TriggeredJob & { job: string; input?: unknown })[];
  /** Reads the data branch at its current head (decrypting when the app's store is encrypted). */
  kv: {
    get(key: string): Promise<string | undefined>;
    getJson<T = unknown>(key: string): Promise<T | undefined>;
    list(prefix?: string): Promise<string[]>;
  };
}
