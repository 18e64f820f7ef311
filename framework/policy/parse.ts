/**
 * @module Access policies in the syntax of the git-apps idea: `WHO OPERATIONS PATTERN`, e.g.
 * `anyone create-file,modify,delete-file ^users/$user_id/.*$` or `owner all .*`.
 * - WHO: `anyone` (every user who is not the owner), `owner`, or a numeric forge user id.
 * - OPERATIONS: a comma list of `read`, `create-file`, `modify`, `delete-file`, or `all`.
 * - PATTERN: a regular expression matched against the whole key; `$user_id` stands for the id of
 *   the user making the request (escaped, so it matches only that id).
 */
import { GfaError } from '../errors.ts';

/** What a request may do to one key. */
export type Operation = 'read' | 'create-file' | 'modify' | 'delete-file';

/** Every operation, in the order `all` expands to. */
export const OPERATIONS: readonly Operation[] = ['read', 'create-file', 'modify', 'delete-file'];

/** One parsed policy line. */
export interface Policy {
  /** `anyone`, `owner` or a numeric user id. */
  readonly who: string;
  readonly operations: ReadonlySet<Operation>;
  /** The pattern as written (with `$user_id` unexpanded). */
  readonly pattern: string;
}

const USER_ID = /^[0-9]{1,20}$/;
const MAX_LINE = 500;

function fail(line: string, why: string): never {
  const shown = JSON.stringify(line.length > 80 ? `${line.slice(0, 80)}…` : line);
  throw new GfaError('E_CONFIG', `policy ${shown}: ${why}`);
}

/** Parses one policy line. Throws one-line `E_CONFIG` errors that say how to fix it. */
export function parsePolicy(line: string): Policy {
  if (typeof line !== 'string') throw new GfaError('E_CONFIG', 'each policy is a string like "anyone create-file,modify ^users/$user_id/.*$"');
  if (line.length > MAX_LINE) fail(line, `is longer than ${MAX_LINE} characters`);
  const parts = line.trim().split(/\s+/);
  if (parts.length !== 3 || parts[0] === '') fail(line, 'needs three fields: WHO OPERATIONS PATTERN, like "anyone create-file,modify ^users/$user_id/.*$"');
  const [who, ops, pattern] = parts as [string, string, string];
  if (who !== 'anyone' && who !== 'owner' && !USER_ID.test(who)) fail(line, `WHO is "${who}"; use anyone, owner or a numeric user id`);
  const operations = new Set<Operation>();
  for (const op of ops.split(',')) {
    if (op === 'all') OPERATIONS.forEach((o) => operations.add(o));
    else if ((OPERATIONS as readonly string[]).includes(op)) operations.add(op as Operation);
    else fail(line, `unknown operation "${op}"; use ${OPERATIONS.join(', ')} or all, comma-separated`);
  }
  try {
    new RegExp(expand(pattern, '0'));
  } catch {
    fail(line, `PATTERN "${pattern}" is not a valid regular expression`);
  }
  return { who, operations, pattern };
}

/** Parses an app's policy list. */
export function parsePolicies(lines: readonly string[]): Policy[] {
  if (!Array.isArray(lines)) throw new GfaError('E_CONFIG', 'policies must be a list of strings like "anyone create-file,modify ^users/$user_id/.*$"');
  return lines.map(parsePolicy);
}

/** The pattern with `$user_id` replaced by `userId`, regex-escaped, anchored to the whole key. */
export function expand(pattern: string, userId: string): string {
  const escaped = userId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return `^(?:${pattern.split('$user_id').join(escaped)})$`;
}
