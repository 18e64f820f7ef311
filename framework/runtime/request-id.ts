/** @module Request ids: chosen by the caller (validated) or generated, time-sortable. */
import { nodeCrypto } from '../builtins.ts';
import { REQUEST_ID_PATTERN } from './contract.ts';

/** A new id: milliseconds since the epoch in base 36 (sorts by time) + 10 random base64url chars. */
export function newRequestId(now: number = Date.now()): string {
  return `${now.toString(36).padStart(9, '0')}-${nodeCrypto().randomBytes(8).toString('base64url').slice(0, 10)}`;
}

/** True when `id` is a safe request id (`[A-Za-z0-9_-]{1,64}`). */
export function isRequestId(id: unknown): id is string {
  return typeof id === 'string' && REQUEST_ID_PATTERN.test(id);
}
