/**
 * @module The users layer in the runtime (issue 26): how an app takes joins and signed requests from
 * people who cannot push, through the forge events it already accepts from anyone.
 *
 * An app opts in by declaring `policies` and an event job `event('issues' | 'issue_comment', { from:
 * 'anyone' })`. For such a job, an issue or comment whose text holds a gfa block is the runtime's,
 * never the handler's as the owner:
 * - ```` ```gfa-join ```` binds the card to the author's numeric forge id (framework/users/join.ts)
 *   and writes `results/<requestId>` when the join names one; the handler does not run.
 * - ```` ```gfa-request ```` naming this job is verified (the author's bound key, the time window,
 *   replay) and then served exactly as `gfa run JOB --as-user ID` serves a request: as a trigger of
 *   the job (which must declare `trigger()`; its input schema applies), with the author's id as the
 *   user, so the policy guard holds every read and write. A request never gets owner rights, never
 *   starts a session, and is served once: its result keeps the user and the digest of the signed text,
 *   and another envelope under the same id is refused (`E_REPLAY`).
 * - A request naming another job of the app is skipped (an ok result, nothing written): every job
 *   listening to the event runs (one workflow per job), and only the named one serves it.
 * Anything refused (an unreadable block, an unknown user, a forged or stale signature, a reused id)
 * costs one short job and writes nothing, as a stranger's event does for a collaborators-only job.
 */
import type { AppDefinition, JobDefinition, JobKv, TriggerInfo } from '../app/types.ts';
import { takesUsers } from '../app/rules.ts';
import { GfaError, isGfaError } from '../errors.ts';
import { readResult, resultKey, type JobResult } from '../contract.ts';
import { authoredText, eventBody } from '../users/sender.ts';
import { findBlock } from '../users/block.ts';
import { bindJoin, parseJoin, readBoundKeys, type JoinMessage } from '../users/join.ts';
import { parseRequest, verifyRequest, type SignedRequest } from '../users/request.ts';

/** What an event asks of the users layer. */
export type UserPlan =
  | { kind: 'none' }
  | { kind: 'refused'; code: string; message: string }
  | { kind: 'skip'; message: string }
  | { kind: 'join'; user: string; message: JoinMessage }
  | { kind: 'request'; user: string; request: SignedRequest };

/** Reads what `trigger` asks of job `name`. Never throws: a hostile event is a refusal. */
export function planUserEvent(app: Pick<AppDefinition, 'policies'>, job: JobDefinition, name: string, trigger: TriggerInfo): UserPlan {
  if (trigger.kind !== 'event' || !takesUsers(app, job, trigger.name)) return { kind: 'none' };
  const body = eventBody(trigger.name, trigger.payload);
  if (body === undefined) return { kind: 'none' };
  try {
    const block = findBlock(body);
    if (!block) return { kind: 'none' };
    const author = authoredText(trigger.name, trigger.payload);
    if (!author) return { kind: 'none' };
    if (block.kind === 'join') return { kind: 'join', user: author.user, message: parseJoin(block.value) };
    const request = parseRequest(block.value);
    if (request.job !== name) return { kind: 'skip', message: `the signed request is for job "${request.job.slice(0, 64)}", not "${name}"` };
    return { kind: 'request', user: author.user, request };
  } catch (err) {
    return { kind: 'refused', code: isGfaError(err) ? err.code : 'E_INPUT', message: isGfaError(err) ? err.message : 'the gfa block cannot be read' };
  }
}

/** The codes of a join refused for a reason the person can act on (its result is written when the join names a request id). */
const JOIN_REFUSALS = new Set(['E_KEY_BOUND', 'E_SIGNATURE', 'E_STALE_REQUEST', 'E_INPUT']);

type Finish = (id: string, fields: Pick<JobResult, 'status' | 'output' | 'error'>) => JobResult;

/**
 * Binds a join in `tx`; its result (written under the join's request id, if any, with the user).
 * A request id already answered for this user is answered from its result; one used by someone else
 * is refused with nothing written.
 */
export async function serveJoin(tx: JobKv, user: string, message: JoinMessage, now: number, finish: Finish, fallbackId: string): Promise<JobResult> {
  const id = message.requestId ?? fallbackId;
  if (message.requestId !== undefined) {
    const stored = await readResult(tx, id);
    if (stored) {
      if (stored.signed?.user === user) return stored;
      return finish(id, { status: 'error', error: { code: 'E_REPLAY', message: `request id ${id} is already used; join again with a new request id` } });
    }
  }
  let result: JobResult;
  try {
    const outcome = await bindJoin(tx, user, message, now);
    result = finish(id, { status: 'ok', output: { user, keys: outcome } });
  } catch (err) {
    if (!isGfaError(err) || !JOIN_REFUSALS.has(err.code)) throw err;
    result = finish(id, { status: 'error', error: { code: err.code, message: err.message } });
  }
  result = { ...result, signed: { user } };
  if (message.requestId !== undefined) tx.set(resultKey(id), JSON.stringify(result));
  return result;
}

/**
 * Checks a signed request in `tx` (reads only): the author has joined, the signature holds under
 * their bound key, the time is in the window, and its id is unused or used by this very request.
 * Returns the digest. Throws `E_SIGNATURE`, `E_STALE_REQUEST` or `E_REPLAY`.
 */
export async function verifySigned(tx: JobKv, user: string, request: SignedRequest, now: number): Promise<string> {
  const bound = await readBoundKeys(tx, user);
  if (!bound) throw new GfaError('E_SIGNATURE', `user ${user} has not joined this app; post a gfa-join block first`);
  const digest = await verifyRequest(request, bound.sign, now);
  checkReplay(await readResult(tx, request.requestId), user, digest, request.requestId);
  return digest;
}

/** Throws `E_REPLAY` when `stored` is the result of another request than (user, digest). */
export function checkReplay(stored: JobResult | undefined, user: string, digest: string, id: string): void {
  if (stored && (stored.signed?.user !== user || stored.signed.digest !== digest)) {
    throw new GfaError('E_REPLAY', `request id ${id} was already used by another request; sign it again with a new request id`);
  }
}
