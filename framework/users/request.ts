/**
 * @module Signed requests (issue 26): a user's request to a job, `{ v: 1, job, requestId, time,
 * input }`, serialised as canonical JSON (./canonical.ts) and signed with the user's Ed25519 key
 * (detached, under a domain tag), carried in a comment as a ```` ```gfa-request ```` block whose
 * object is the envelope plus `sig`.
 *
 * Verifying takes the sign key bound to the event's author (./join.ts) and the job's clock: the
 * signature must hold, `time` (ms) be within {@link REQUEST_WINDOW_MS} of now, `requestId` match the
 * contract's pattern and the input fit the runtime's input cap. Replay is the runtime's to refuse,
 * by the digest of the signed text kept with the result (framework/runtime/users.ts): results are
 * kept for days, far longer than the window, so a request id served once is never served again.
 * Browser-safe: the page signs with {@link signRequest}.
 */
import { GfaError } from '../errors.ts';
import { MAX_INPUT_BYTES, isRequestId } from '../contract.ts';
import { encodeBase64 } from '../crypto/keys.ts';
import { getSodium } from '../crypto/sodium.ts';
import { canonicalJson } from './canonical.ts';
import { base64Of, signText, verifyText, SIGNATURE_BYTES, type UserKeys } from './keys.ts';

/** What a user asks: the envelope that is signed. */
export interface RequestEnvelope {
  v: 1;
  job: string;
  requestId: string;
  /** When it was signed, ms since the epoch. */
  time: number;
  input?: unknown;
}

/** The envelope and its signature (standard base64 of 64 bytes): a gfa-request block's object. */
export interface SignedRequest extends RequestEnvelope {
  sig: string;
}

/** How far a request's time may be from the job's clock, either way. */
export const REQUEST_WINDOW_MS = 10 * 60 * 1000;

const DOMAIN = 'gfa-request/v1';
const FIELDS = new Set(['v', 'job', 'requestId', 'time', 'input', 'sig']);

function signedText(e: RequestEnvelope): string {
  const text = canonicalJson({ v: e.v, job: e.job, requestId: e.requestId, time: e.time, ...(e.input !== undefined ? { input: e.input } : {}) });
  return text;
}

/** Signs a request with the user's keys. */
export async function signRequest(keys: UserKeys, request: Omit<RequestEnvelope, 'v'>): Promise<SignedRequest> {
  const envelope: RequestEnvelope = { v: 1, job: request.job, requestId: request.requestId, time: request.time, ...(request.input !== undefined ? { input: request.input } : {}) };
  return { ...envelope, sig: await signText(keys, DOMAIN, signedText(envelope)) };
}

/** Checks a gfa-request block's object (shape, sizes, id format; not the signature). Throws one-line E_INPUT. */
export function parseRequest(value: Record<string, unknown>): SignedRequest {
  const extra = Object.keys(value).filter((k) => !FIELDS.has(k));
  if (extra.length > 0) throw new GfaError('E_INPUT', `the request has unknown fields (${extra.slice(0, 3).map((k) => JSON.stringify(k.slice(0, 20))).join(', ')}); it holds v, job, requestId, time, input and sig`);
  if (value.v !== 1) throw new GfaError('E_INPUT', `the request has version ${JSON.stringify(value.v) ?? 'none'}; this gfa reads version 1`);
  // A job name's characters only: the name reaches log lines, where a newline could forge one.
  if (typeof value.job !== 'string' || !/^[a-z0-9-]{1,64}$/.test(value.job)) throw new GfaError('E_INPUT', 'the request\'s job must be a job name ([a-z0-9-])');
  if (!isRequestId(value.requestId)) throw new GfaError('E_INPUT', 'the request\'s requestId must match [A-Za-z0-9_-]{1,64}');
  if (typeof value.time !== 'number' || !Number.isSafeInteger(value.time)) throw new GfaError('E_INPUT', 'the request\'s time must be an integer of milliseconds');
  base64Of(value.sig, SIGNATURE_BYTES, 'the request\'s signature');
  const request: SignedRequest = { v: 1, job: value.job, requestId: value.requestId, time: value.time, sig: value.sig as string, ...(value.input !== undefined ? { input: value.input } : {}) };
  const bytes = new TextEncoder().encode(canonicalJson(request.input ?? null)).length;
  if (bytes > MAX_INPUT_BYTES) throw new GfaError('E_INPUT_TOO_LARGE', `the request's input is ${bytes} bytes; the limit is ${MAX_INPUT_BYTES} bytes of JSON`);
  return request;
}

/** The digest of a request's signed text (BLAKE2b-256, base64): two envelopes with the same id are the same request only when their digests are. */
export async function requestDigest(request: RequestEnvelope): Promise<string> {
  const sodium = await getSodium();
  return encodeBase64(sodium.crypto_generichash(32, new TextEncoder().encode(`${DOMAIN}\n${signedText(request)}`), null));
}

/**
 * Verifies `request` against the sign key bound to its sender (base64) at time `now` (ms). Returns its
 * digest. Throws `E_SIGNATURE` (a forged or altered request, or another user's key) or `E_STALE_REQUEST`.
 */
export async function verifyRequest(request: SignedRequest, signKey: string, now: number): Promise<string> {
  if (!(await verifyText(signKey, DOMAIN, signedText(request), request.sig))) throw new GfaError('E_SIGNATURE', 'the request is not signed by the sender\'s bound key (forged, altered, or signed with other keys)');
  if (Math.abs(request.time - now) > REQUEST_WINDOW_MS) throw new GfaError('E_STALE_REQUEST', `the request is dated more than ${REQUEST_WINDOW_MS / 60000} minutes from the job's clock; sign it again with a new request id`);
  return requestDigest(request);
}
