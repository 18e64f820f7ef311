/** Waits for `results/<requestId>`: a conditional request for the head SHA, then the file at that SHA, with backoff. */
import { resultKey } from '../contract.ts';
import { GfaError } from '../errors.ts';
import type { ClientForge } from './types.ts';

const sleep = (ms: number): Promise<void> => new Promise((ok) => setTimeout(ok, ms));

/**
 * Polls until the result file exists at the head; returns its raw bytes (from a head `checkHead`
 * accepts). Throws E_TIMEOUT after `timeoutMs`. `since`: the head's ETag before the job was started, so
 * the file is read only at heads that came later (each read may count against the forge's rate limit;
 * an unchanged head is free).
 */
export async function pollResult(
  forge: Pick<ClientForge, 'head' | 'readFile' | 'backoff'>,
  job: string,
  requestId: string,
  timeoutMs: number,
  options: { since?: string; checkHead?: (sha: string) => Promise<void> } = {},
): Promise<Uint8Array> {
  const { since, checkHead } = options;
  const deadline = Date.now() + timeoutMs;
  const path = resultKey(requestId);
  let etag: string | undefined = since;
  for (let attempt = 0; ; attempt++) {
    const head = await forge.head(etag);
    if (head !== undefined && head !== 'unchanged') {
      etag = head.etag;
      const bytes = await forge.readFile(head.sha, path);
      if (bytes !== undefined) {
        await checkHead?.(head.sha);
        return bytes;
      }
    }
    const left = deadline - Date.now();
    if (left <= 0) {
      throw new GfaError('E_TIMEOUT', `no result for job "${job}" (request ${requestId}) after ${Math.round(timeoutMs / 1000)} s; check the job's run log, or pass a longer timeoutMs`);
    }
    const delay = forge.backoff[Math.min(attempt, forge.backoff.length - 1)] ?? 1000;
    await sleep(Math.min(delay, left));
  }
}
