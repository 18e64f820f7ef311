/** @module Whether a user's policies allow one operation on one key. */
import { expand, type Operation, type Policy } from './parse.ts';
import { isUserRecordKey } from '../contract/users.ts';

/**
 * Key prefixes only gfa itself writes: results and member records. No policy opens them to a user
 * (a policy `anyone all .*` must not let a user rewrite another's bound key).
 */
export const RESERVED_PREFIXES: readonly string[] = ['results/', 'members/'];

/**
 * True when `user` (a numeric id as text; undefined for the owner) may do `op` on `key`. The owner
 * may do everything; a user what some policy naming `anyone` or their id allows, never a write under
 * {@link RESERVED_PREFIXES} or on a user record (a user's bound keys, the sign-key index:
 * framework/contract/users.ts), which only gfa's join writes.
 */
export function allows(policies: readonly Policy[], user: string | undefined, op: Operation, key: string): boolean {
  if (user === undefined) return true;
  if (op !== 'read' && (RESERVED_PREFIXES.some((p) => key.startsWith(p)) || isUserRecordKey(key))) return false;
  return policies.some((p) => (p.who === 'anyone' || p.who === user) && p.operations.has(op) && new RegExp(expand(p.pattern, user)).test(key));
}
