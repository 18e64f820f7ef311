/**
 * @module The policy guard around a request's transaction (DESIGN.md §7, in the style of unstorage's
 * `prefixStorage`): the handler of a request made by someone other than the owner sees `kv` through
 * the app's policies. Reads (`get`, `getBytes`) of a key the user may not read fail; `list` shows only
 * readable keys. Writes are buffered on a savepoint and checked as a pre-receive hook would check a
 * push: on `apply()`, each changed key is compared with the transaction underneath (missing → present
 * is `create-file`, present → present `modify`, present → missing `delete-file`), and one write
 * outside the policies fails the whole request, so nothing of it is committed.
 */
import type { JobKv } from '../app/types.ts';
import { GfaError } from '../errors.ts';
import { allows, type Operation, type Policy } from '../policy/index.ts';
import { savepoint } from './overlay.ts';

/** A guarded view of a transaction, and `apply()` to check and keep its writes. */
export interface Guarded {
  kv: JobKv;
  /** Checks every write against the policies, then passes them to the transaction. Throws `E_POLICY`. */
  apply(): Promise<void>;
}

const shown = (key: string): string => JSON.stringify(key.length > 200 ? `${key.slice(0, 200)}…` : key);

function refuse(user: string, op: Operation, key: string): never {
  throw new GfaError('E_POLICY', `user ${user} may not ${op} ${shown(key)}: no policy of the app allows it`);
}

/** Wraps `tx` for `user` (undefined: the owner, unrestricted). */
export function guard(tx: JobKv, policies: readonly Policy[], user: string | undefined): Guarded {
  const point = savepoint(tx);
  if (user === undefined) return { kv: point.kv, apply: async () => point.apply() };
  const touched = new Set<string>();
  const mayWrite = (key: string): boolean => (['create-file', 'modify', 'delete-file'] as const).some((op) => allows(policies, user, op, key));
  const kv: JobKv = {
    async get(key) {
      if (!allows(policies, user, 'read', key)) refuse(user, 'read', key);
      return point.kv.get(key);
    },
    async getBytes(key) {
      if (!allows(policies, user, 'read', key)) refuse(user, 'read', key);
      return point.kv.getBytes(key);
    },
    async list(prefix = '') {
      return (await point.kv.list(prefix)).filter((k) => allows(policies, user, 'read', k));
    },
    set(key, value) {
      // Fail early when no write at all is allowed; the exact operation is checked on apply.
      if (!mayWrite(key)) refuse(user, 'modify', key);
      touched.add(key);
      point.kv.set(key, value);
    },
    delete(key) {
      if (!mayWrite(key)) refuse(user, 'delete-file', key);
      touched.add(key);
      point.kv.delete(key);
    },
  };
  return {
    kv,
    async apply() {
      for (const key of touched) {
        const before = (await tx.getBytes(key)) !== undefined;
        const after = (await point.kv.getBytes(key)) !== undefined;
        const op: Operation | undefined = before && after ? 'modify' : !before && after ? 'create-file' : before && !after ? 'delete-file' : undefined;
        if (op !== undefined && !allows(policies, user, op, key)) refuse(user, op, key);
      }
      point.apply();
    },
  };
}
