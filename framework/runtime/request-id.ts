/** @module Request ids: chosen by the caller (validated) or generated, time-sortable. */
import { REQUEST_ID_PATTERN } from './contract.ts';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * A new id: milliseconds since the epoch in base 36 (sorts by time) + 10 random base64url chars.
 * An id names a result; it is not a secret (results are on the data branch, sealed when the app
 * encrypts), so `Math.random` is enough to keep ids of the same millisecond apart, and a job does
 * not load `node:crypto` (~6 ms) before it can start talking to its remote.
 */
export function newRequestId(now: number = Date.now()): string {
  let random = '';
  for (let i = 0; i < 10; i++) random += ALPHABET[Math.floor(Math.random() * 64)];
  return `${now.toString(36).padStart(9, '0')}-${random}`;
}

/** True when `id` is a safe request id (`[A-Za-z0-9_-]{1,64}`). */
export function isRequestId(id: unknown): id is string {
  return typeof id === 'string' && REQUEST_ID_PATTERN.test(id);
}
