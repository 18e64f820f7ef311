/**
 * @module Joining (issue 26): a join message read out of a ```` ```gfa-join ```` block, and bound on
 * the data branch to the forge's numeric user id of its author, at `users/<id>/keys.json`.
 *
 * The message is the join card (`v`, `sign`, `box`), an optional `requestId` (the page polls
 * `results/<requestId>` for the outcome), and for a key change a `change`: `{ from, time, sig }`, the
 * old sign key, the time in ms, and the old key's signature over the new card, `from` and `time`.
 * Rules: the first key bound to a user id stays bound. The same card again is a no-op (a forge sends
 * `edited` events). Another card is refused unless it carries a change signed by the currently bound
 * key within {@link JOIN_WINDOW_MS} of now. A sign key is bound to one user id for ever (the index
 * at `users/by-sign-key/<hex>` keeps retired keys too), so a copied card binds nothing. An owner's
 * approval of a key change (a lost key) is not built yet.
 * Browser-safe: the page makes the messages with {@link joinMessage} and {@link keyChangeMessage}.
 */
import { GfaError } from '../errors.ts';
import { isRequestId } from '../contract.ts';
import { signKeyIndexKey, userKeysKey } from '../contract/users.ts';
import { canonicalJson } from './canonical.ts';
import { base64Of, keyHex, parseJoinCard, signText, verifyText, SIGNATURE_BYTES, SIGN_PUBLIC_BYTES, type JoinCard, type UserKeys } from './keys.ts';

/** A join message, checked. */
export interface JoinMessage {
  card: JoinCard;
  requestId?: string;
  change?: { from: string; time: number; sig: string };
}

/** What `users/<id>/keys.json` holds. */
export interface BoundKeys extends JoinCard {
  /** When these keys were bound (ISO time). */
  bound: string;
}

/** What a join did. */
export type JoinOutcome = 'bound' | 'unchanged' | 'changed';

/** How far a key change's time may be from the job's clock. */
export const JOIN_WINDOW_MS = 10 * 60 * 1000;

const CHANGE_DOMAIN = 'gfa-key-change/v1';

/** The read and write a bind needs: a store transaction fits. */
export interface KvLike {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): void;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function changeText(card: JoinCard, from: string, time: number): string {
  return canonicalJson({ v: 1, sign: card.sign, box: card.box, from, time });
}

/** Checks a gfa-join block's object. Throws one-line `E_INPUT`. */
export function parseJoin(value: Record<string, unknown>): JoinMessage {
  const { requestId, change, ...card } = value;
  const message: JoinMessage = { card: parseJoinCard(card, 'the join') };
  if (requestId !== undefined) {
    if (!isRequestId(requestId)) throw new GfaError('E_INPUT', 'the join\'s requestId must match [A-Za-z0-9_-]{1,64}');
    message.requestId = requestId;
  }
  if (change !== undefined) {
    if (!isObject(change) || Object.keys(change).some((k) => k !== 'from' && k !== 'time' && k !== 'sig')) throw new GfaError('E_INPUT', 'the join\'s change must be an object of from, time and sig');
    base64Of(change.from, SIGN_PUBLIC_BYTES, 'the change\'s from key');
    base64Of(change.sig, SIGNATURE_BYTES, 'the change\'s signature');
    if (typeof change.time !== 'number' || !Number.isSafeInteger(change.time)) throw new GfaError('E_INPUT', 'the change\'s time must be an integer of milliseconds');
    message.change = { from: change.from as string, time: change.time, sig: change.sig as string };
  }
  return message;
}

/** The gfa-join block's object for `keys` (a first join). */
export function joinMessage(keys: UserKeys, requestId?: string): Record<string, unknown> {
  return { ...keys.card, ...(requestId !== undefined ? { requestId } : {}) };
}

/** The gfa-join block's object that moves a user from `old` keys to `next`, signed by `old`. */
export async function keyChangeMessage(old: UserKeys, next: JoinCard, now: number, requestId?: string): Promise<Record<string, unknown>> {
  const sig = await signText(old, CHANGE_DOMAIN, changeText(next, old.card.sign, now));
  return { ...next, ...(requestId !== undefined ? { requestId } : {}), change: { from: old.card.sign, time: now, sig } };
}

/** The keys bound to `user`, or undefined when they have not joined (or the record is unreadable). */
export async function readBoundKeys(tx: Pick<KvLike, 'get'>, user: string): Promise<BoundKeys | undefined> {
  const text = await tx.get(userKeysKey(user));
  if (text === undefined) return undefined;
  try {
    const v = JSON.parse(text) as Record<string, unknown>;
    const { bound, ...card } = v;
    return { ...parseJoinCard(card), bound: typeof bound === 'string' ? bound : '' };
  } catch {
    return undefined;
  }
}

/**
 * Binds `message` to `user` in `tx` (nothing written when it throws or is a no-op). Throws
 * `E_KEY_BOUND` for a sign key bound to another user or a second key without a change,
 * `E_SIGNATURE` for a change the bound key did not sign, `E_STALE_REQUEST` for a change too old.
 */
export async function bindJoin(tx: KvLike, user: string, message: JoinMessage, now: number): Promise<JoinOutcome> {
  const { card, change } = message;
  const index = signKeyIndexKey(keyHex(card.sign));
  const holder = await tx.get(index);
  if (holder !== undefined && holder !== user) throw new GfaError('E_KEY_BOUND', 'this sign key is bound to another user; make new keys and join with those');
  const current = await readBoundKeys(tx, user);
  if (current && current.sign === card.sign && current.box === card.box) return 'unchanged';
  if (current && !change) throw new GfaError('E_KEY_BOUND', `user ${user} has joined with other keys; to replace them, send a key change signed by the old sign key (an owner's approval is not built yet)`);
  if (change) {
    if (!current) throw new GfaError('E_INPUT', `user ${user} has no keys to change; join without a change`);
    if (change.from !== current.sign) throw new GfaError('E_SIGNATURE', 'the key change names another key than the one bound; sign it with the current sign key');
    if (Math.abs(change.time - now) > JOIN_WINDOW_MS) throw new GfaError('E_STALE_REQUEST', `the key change is dated more than ${JOIN_WINDOW_MS / 60000} minutes from now; sign it again`);
    if (!(await verifyText(current.sign, CHANGE_DOMAIN, changeText(card, change.from, change.time), change.sig))) throw new GfaError('E_SIGNATURE', 'the key change is not signed by the bound sign key');
  }
  const record: BoundKeys = { ...card, bound: new Date(now).toISOString() };
  tx.set(userKeysKey(user), JSON.stringify(record));
  if (holder === undefined) tx.set(index, user);
  return current ? 'changed' : 'bound';
}
