/** @module gfa errors: one error type with a stable code and a message that says how to fix it. */

/** Stable error codes. Add new ones here; never reuse or rename one. */
export type GfaErrorCode =
  | 'E_USAGE'
  | 'E_NOT_FOUND'
  | 'E_CONFIG'
  | 'E_GIT'
  | 'E_REMOTE'
  | 'E_PUSH_CONFLICT'
  | 'E_KEY_INVALID'
  | 'E_KEY_MISMATCH'
  | 'E_DECRYPT'
  | 'E_ENVELOPE'
  | 'E_PASSPHRASE'
  | 'E_WEAK_PASSPHRASE'
  | 'E_UNTRUSTED'
  | 'E_INPUT'
  | 'E_INPUT_TOO_LARGE'
  | 'E_SECRET_MISSING'
  | 'E_JOB_FAILED'
  | 'E_BUILD'
  | 'E_STALE_BUILD'
  | 'E_PIPELINE'
  | 'E_FORGE'
  | 'E_TIMEOUT'
  | 'E_HTTP'
  | 'E_INTERNAL';

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

/** True when `err` is a {@link GfaError}, optionally with the given code. */
export function isGfaError(err: unknown, code?: GfaErrorCode): err is GfaError {
  return err instanceof GfaError && (code === undefined || err.code === code);
}
