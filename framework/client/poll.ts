/** Waits for `results/<requestId>`: a conditional request for the head SHA, then the file at that SHA, with backoff. */
import { keyPath, resultKey, type Layout } from '../contract.ts';
import { provesAbsent, type ResultsHint } from '../contract/results-trailer.ts';
import { GfaError } from '../errors.ts';
import type { ClientForge, RunStatus } from './types.ts';

/** Time, injected so that a test of a long wait needs no real waiting. */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

/** The real clock. */
export const realClock: Clock = { now: () => Date.now(), sleep: (ms) => new Promise((ok) => setTimeout(ok, ms)) };

/** Options of {@link pollResult}. */
export interface PollOptions {
  /** The head's ETag before the job was started, so the file is read only at heads that came later. */
  since?: string;
  /** Checks a head before its file is returned (the signed-head check of encrypted stores). */
  checkHead?: (sha: string) => Promise<void>;
  /**
   * The status of the run that serves the request. Followed from the third poll on (GitHub: a
   * conditional request, free when unchanged); a run that ends without the result ends the wait at
   * once with E_RUN_FAILED and the run's URL. A result that arrives is the truth, whatever the run says.
   */
  run?: () => Promise<RunStatus>;
  /** The store layout at a head (the client's {@link LayoutReader}), so the result is read at its path. @default flat */
  layoutAt?: (sha: string) => Promise<Layout>;
  /**
   * The `gfa-results` hint of a head (the client's {@link LayoutReader}, from the commit the layout
   * comes from): at a head that proves the result absent, the file is not asked for (no 404, no
   * request). Without it, or where the head proves nothing, the file is read. @default none
   */
  resultsAt?: (sha: string) => Promise<ResultsHint | undefined>;
  /** The waits between looks, instead of the forge's (a live session answers in seconds). @default forge.backoff */
  backoff?: readonly number[];
  clock?: Clock;
}

/**
 * Polls until the result file exists at the head; returns its raw bytes (from a head `checkHead`
 * accepts). Throws E_TIMEOUT after `timeoutMs`, E_RUN_FAILED as soon as the run ended without it. Each
 * read may count against the forge's rate limit; an unchanged head is free.
 */
export async function pollResult(
  forge: Pick<ClientForge, 'head' | 'readFile' | 'backoff'>,
  job: string,
  requestId: string,
  timeoutMs: number,
  options: PollOptions = {},
): Promise<Uint8Array> {
  const { since, checkHead, run } = options;
  const clock = options.clock ?? realClock;
  const deadline = clock.now() + timeoutMs;
  const key = resultKey(requestId);
  let etag: string | undefined = since;
  let ended: RunStatus | undefined;
  const look = async (): Promise<Uint8Array | undefined> => {
    const head = await forge.head(etag);
    if (head === undefined || head === 'unchanged') return undefined;
    etag = head.etag;
    // A hint that cannot be had proves nothing: then read, as without one.
    if (provesAbsent(await options.resultsAt?.(head.sha).catch(() => undefined), requestId)) return undefined;
    const bytes = await forge.readFile(head.sha, keyPath(key, await options.layoutAt?.(head.sha)));
    if (bytes !== undefined) await checkHead?.(head.sha);
    return bytes;
  };
  for (let attempt = 0; ; attempt++) {
    const found = await look();
    if (found !== undefined) return found;
    if (ended !== undefined) {
      // The run had ended at the last poll and the head since has no result either (read, or proved
      // absent by a head fetched after the run ended, so after its last push): it never will.
      const where = ended.url ? `: see ${ended.url}` : '';
      const why = ended.state === 'succeeded' ? 'ended without writing a result (is the repository set up? run gfa doctor)' : `ended (${ended.detail}) before it wrote a result`;
      throw new GfaError('E_RUN_FAILED', `the run of job "${job}" (request ${requestId}) ${why}${where}`);
    }
    // From the third poll on: a run dispatched a moment ago has not ended, and the first look costs
    // a request (GitHub: the list's first answer; later ones are free 304s until a run completes).
    if (run && attempt >= 2) {
      try {
        const status = await run();
        if (status.state === 'succeeded' || status.state === 'failed' || status.state === 'cancelled') ended = status;
      } catch {
        // Following the run is a shortcut; the result stays the truth: keep polling for it.
      }
    }
    const left = deadline - clock.now();
    if (left <= 0) {
      throw new GfaError('E_TIMEOUT', `no result for job "${job}" (request ${requestId}) after ${Math.round(timeoutMs / 1000)} s; check the job's run log, or pass a longer timeoutMs`);
    }
    // After the run ended, look once more right away (its result commit may have just landed).
    const backoff = options.backoff ?? forge.backoff;
    const delay = ended !== undefined ? 0 : (backoff[Math.min(attempt, backoff.length - 1)] ?? 1000);
    await clock.sleep(Math.min(delay, left));
  }
}
