/** @module gfa errors: one error type with a stable code and a message that says how to fix it. */

/** Stable error codes. Add new ones here; never reuse or rename one. */
export const GFA_ERROR_CODES = [
  'E_USAGE',
  'E_NOT_FOUND',
  'E_CONFIG',
  'E_GIT',
  'E_REMOTE',
  'E_PUSH_CONFLICT',
  'E_KEY_INVALID',
  'E_KEY_MISMATCH',
  'E_DECRYPT',
  'E_ENVELOPE',
  'E_PASSPHRASE',
  'E_WEAK_PASSPHRASE',
  'E_UNTRUSTED',
  'E_INPUT',
  'E_INPUT_TOO_LARGE',
  'E_SECRET_MISSING',
  'E_JOB_FAILED',
  'E_BUILD',
  'E_STALE_BUILD',
  'E_PIPELINE',
  'E_FORGE',
  'E_TIMEOUT',
  'E_HTTP',
  'E_LISTEN',
  'E_TAMPERED',
  'E_ROLLBACK',
  'E_INTERNAL',
  'E_RUN_FAILED',
  'E_LAYOUT',
  'E_POLICY',
  'E_SIGNATURE',
  'E_KEY_BOUND',
  'E_REPLAY',
  'E_STALE_REQUEST',
] as const;

/** One of {@link GFA_ERROR_CODES}. */
export type GfaErrorCode = (typeof GFA_ERROR_CODES)[number];

const KNOWN: ReadonlySet<string> = new Set(GFA_ERROR_CODES);

/** True when `code` is a known error code (for codes read from outside, such as a result file). */
export function isGfaErrorCode(code: unknown): code is GfaErrorCode {
  return typeof code === 'string' && KNOWN.has(code);
}

/**
 * The one error type of gfa. `message` is a single line that says what is wrong and how to fix it;
 * it never contains a secret, a key or a stored value.
 */
export class GfaError extends Error {
  /** A stable machine-readable code, such as `E_PUSH_CONFLICT`. */
  readonly code: GfaErrorCode;

  constructor(code: GfaErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'GfaError';
    this.code = code;
  }
}

/**
 * True when `err` is a gfa error (optionally with the given code). Checks the `code`, not the class:
 * every job bundle, the CLI and the client carry their own copy of {@link GfaError}.
 */
export function isGfaError(err: unknown, code?: GfaErrorCode): err is GfaError {
  if (typeof err !== 'object' || err === null || !(err instanceof Error)) return false;
  const own = (err as { code?: unknown }).code;
  return isGfaErrorCode(own) && (err as { name?: unknown }).name === 'GfaError' && (code === undefined || own === code);
}
