/**
 * Batches on the wire. One trigger starts one run that serves one or more requests of one job:
 * - one request: as before, `request_id` + `input` (so a workflow generated before batches still takes it);
 * - more: `request_id` is the batch id and the `batch` input holds the members as JSON text
 *   (`[{"requestId":…,"input":…}]`; base64url of it on GitLab, whose inputs are strings checked by a regex).
 * The run writes `results/<id>` for every member and `results/<batchId>` with all of them
 * (framework/runtime/serve.ts), so a client reads one file for the batch.
 *
 * Limits: GitHub takes at most 25 inputs and 65,535 characters of `inputs` payload per dispatch
 * (shared/FORGES.md); a GitLab input becomes a CI variable, and GitLab proposes a 120 KiB cap on one
 * value while Linux caps one environment variable at 128 KiB (framework/forge/FACTS.md). gfa keeps an
 * encoded batch under 60,000 characters on both, and at most 50 requests, so one run stays short.
 * A batch over either limit is split into several triggers, never truncated.
 */
import { decodeMembers, newRequestId, isRequestId } from '../contract.ts';

export { decodeMembers };
import { GfaError } from '../errors.ts';
import type { BatchLimit, RequestItem, TriggerBatch } from './types.ts';

/** The limit in characters of JSON (GitHub and `gfa dev` send the JSON text as it is). */
export const DEFAULT_BATCH_LIMIT: BatchLimit = { requests: 50, chars: 60_000 };
/** GitLab sends base64url, 4/3 of the JSON text: the same 60,000 characters on the wire. */
export const BASE64_BATCH_LIMIT: BatchLimit = { requests: 50, chars: 45_000 };

/** The members as the `batch` input's JSON text. */
export function encodeMembers(requests: readonly RequestItem[]): string {
  return JSON.stringify(requests.map((r) => (r.input === undefined ? { requestId: r.requestId } : { requestId: r.requestId, input: r.input })));
}

/** Characters one member adds to the encoded batch (its JSON plus a comma). */
function memberChars(r: RequestItem): number {
  return encodeMembers([r]).length - 1;
}

/**
 * Splits requests for one job into batches within `limit` (in order; each batch of two or more gets a
 * batch id). A single request too large for any trigger is refused with E_INPUT, never cut.
 */
export function splitBatch(job: string, requests: readonly RequestItem[], limit: BatchLimit = DEFAULT_BATCH_LIMIT): TriggerBatch[] {
  const out: TriggerBatch[] = [];
  let current: RequestItem[] = [];
  let chars = 2;
  const flush = (): void => {
    if (current.length === 0) return;
    out.push(current.length === 1 ? { job, requests: current } : { job, requests: current, batchId: newRequestId({ tag: 'batch-' }) });
    current = [];
    chars = 2;
  };
  for (const r of requests) {
    if (!isRequestId(r.requestId)) throw new GfaError('E_USAGE', 'requestId must match [A-Za-z0-9_-]{1,64}');
    const size = memberChars(r);
    if (size + 2 > limit.chars) {
      throw new GfaError('E_INPUT', `the input of request ${r.requestId} for job "${job}" is ${size} characters of JSON; a trigger carries at most ${limit.chars}`);
    }
    if (current.length >= limit.requests || chars + size > limit.chars) flush();
    current.push(r);
    chars += size;
  }
  flush();
  return out;
}

/** What a trigger sends: one request as itself; a batch as its id and the members' JSON text. */
export function wireForm(batch: TriggerBatch): { requestId: string; input?: unknown; members?: string } {
  const [first] = batch.requests;
  if (first === undefined) throw new GfaError('E_USAGE', `a trigger of job "${batch.job}" needs at least one request`);
  if (batch.requests.length === 1) return { requestId: first.requestId, input: first.input };
  if (batch.batchId === undefined || !isRequestId(batch.batchId)) throw new GfaError('E_USAGE', `a batch of job "${batch.job}" needs a batchId ([A-Za-z0-9_-]{1,64}); make batches with splitBatch`);
  return { requestId: batch.batchId, members: encodeMembers(batch.requests) };
}

/** The id whose result answers the trigger: the request's own, or the batch's. */
export function answerId(batch: TriggerBatch): string {
  return wireForm(batch).requestId;
}
