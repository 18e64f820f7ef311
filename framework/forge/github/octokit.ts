/**
 * The Octokit the CLI uses for GitHub: @octokit/rest with GitHub's recommended retry
 * (@octokit/plugin-retry: 5xx and network errors, a few times) and throttling
 * (@octokit/plugin-throttling: writes spaced a second apart; on a primary or secondary rate limit it
 * waits `retry-after` / until `x-ratelimit-reset` when that is under a minute, twice at most).
 * Every request that is not a GET is counted, so `gfa deploy` can say it sent no write.
 */
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import { GfaError } from '../../errors.ts';

/** Where the API is and who calls it. */
export interface GithubApiOptions {
  /** `https://api.github.com`, or `https://HOST/api/v3` (GitHub Enterprise Server, the emulator). */
  baseUrl: string;
  token: string;
  /** Told before a rate-limit wait. @default a line on stderr */
  onWait?: (line: string) => void;
}

/** An Octokit plus the number of write requests it sent. */
export interface GithubApi {
  octokit: Octokit;
  writes(): number;
}

const Client = Octokit.plugin(retry, throttling);

/** Creates the client. The token is never logged (Octokit's logger is silenced for debug/info). */
export function createGithubApi(options: GithubApiOptions): GithubApi {
  let writes = 0;
  const onWait = options.onWait ?? ((line: string) => void process.stderr.write(`gfa: ${line}\n`));
  const retryOnce = (retryAfter: number, _o: unknown, _k: unknown, retryCount: number): boolean => {
    const again = retryCount < 2 && retryAfter <= 60;
    if (again) onWait(`GitHub's rate limit: waiting ${Math.max(1, Math.ceil(retryAfter))} s`);
    return again;
  };
  const octokit = new Client({
    auth: options.token,
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    userAgent: 'gfa',
    log: { debug() {}, info() {}, warn() {}, error() {} },
    throttle: { onRateLimit: retryOnce, onSecondaryRateLimit: retryOnce },
    retry: { doNotRetry: [400, 401, 403, 404, 409, 422, 429] },
  });
  octokit.hook.before('request', (o) => {
    if (o.method !== 'GET' && o.method !== 'HEAD') writes += 1;
  });
  return { octokit, writes: () => writes };
}

/** HTTP status of an Octokit error, or undefined. */
export function statusOf(err: unknown): number | undefined {
  const s = (err as { status?: unknown }).status;
  return typeof s === 'number' ? s : undefined;
}

/** Turns an Octokit error into a one-line GfaError saying what to do; never includes the token. */
export function forgeError(err: unknown, what: string, fix: string): GfaError {
  const status = statusOf(err);
  const message = String((err as { response?: { data?: { message?: unknown } } }).response?.data?.message ?? (err as Error).message ?? err).split('\n')[0];
  // Octokit reports a request that never got an answer (DNS, refused connection, reset) as status 500
  // with no response: that is the network, not GitHub refusing anything.
  const answered = (err as { response?: unknown }).response !== undefined;
  if (status === undefined || (status === 500 && !answered)) {
    return new GfaError('E_HTTP', `cannot reach GitHub for ${what} (${message}); check the network, and GITHUB_API_URL if set`, { cause: err });
  }
  if (status === 401) return new GfaError('E_FORGE', `GitHub refused the token for ${what} (401 ${message}); set GITHUB_TOKEN or GH_TOKEN to a valid token`, { cause: err });
  return new GfaError('E_FORGE', `GitHub refused ${what} (${status} ${message}); ${fix}`, { cause: err });
}

/** Whether the resource a read asks for exists: true when it answers, false on 404, else a {@link forgeError}. */
export function exists(read: Promise<unknown>, what: string, fix: string): Promise<boolean> {
  return read.then(() => true, (err: unknown) => {
    if (statusOf(err) === 404) return false;
    throw forgeError(err, what, fix);
  });
}
