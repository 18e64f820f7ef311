/**
 * Where gfa keeps what it knows of an app's users (issue 26), spelled once: the keys a user joined
 * with at `users/<numeric forge user id>/keys.json`, and an index from each sign key ever bound to its
 * user at `users/by-sign-key/<hex>`, so one key is never bound to two users (a stranger who copies a
 * public join comment cannot take the key, nor replay its owner's signed requests as theirs). Only gfa
 * writes these: no policy opens them to a user (framework/policy/allows.ts).
 */

/** A forge user id as gfa keeps it: the forge's numeric id, as decimal text. */
export const USER_ID_PATTERN = /^[1-9][0-9]{0,19}$/;

/** True when `id` is a numeric forge user id as text (never a login). */
export function isUserId(id: unknown): id is string {
  return typeof id === 'string' && USER_ID_PATTERN.test(id);
}

/** Key of the public keys bound to user `id`. */
export function userKeysKey(id: string): string {
  return `users/${id}/keys.json`;
}

/** Key of the index entry of a sign key (its 32 bytes as lowercase hex): which user it is bound to. */
export function signKeyIndexKey(signKeyHex: string): string {
  return `users/by-sign-key/${signKeyHex}`;
}

/** True for the keys only gfa writes: a user's bound keys and the sign-key index. */
export function isUserRecordKey(key: string): boolean {
  return /^users\/(?:[0-9]+\/keys\.json|by-sign-key\/.*)$/.test(key);
}
