/**
 * @module The checks and small steps of one run (./run.ts): a thrown error as a result's one line, the
 * results pruned by age, the trigger kind a job declares, the event actor the forge vouches for, and
 * the secrets a job names; a stored result read back, and a batch's result.
 */
import { GfaError, isGfaError } from '../errors.ts';
import type { JobDefinition, JobKv, TriggerInfo } from '../app/types.ts';
import { RESULT_RETENTION_MS, requestIdTime, resultKey, type JobResult } from '../contract.ts';
import { maskSecrets } from './log.ts';
import type { AccessCheck } from './access.ts';

export function toError(err: unknown, masks: readonly string[]): { code: string; message: string } {
  const raw = isGfaError(err) ? err.message : err instanceof Error ? `${err.name}: ${err.message}` : `thrown: ${String(err)}`;
  const line = (raw.split('\n').find((l) => l.trim() !== '') ?? raw).trim().slice(0, 500);
  return { code: isGfaError(err) ? err.code : 'E_JOB_FAILED', message: maskSecrets(line, masks) };
}

/**
 * Removes results older than {@link RESULT_RETENTION_MS}, by the time in their request ids, in the
 * commit that adds a new one: `results/` would otherwise grow with every run (35,000 a year on a
 * 15-minute schedule), and every run fetches and rewrites it. Results of other ids are kept.
 */
export async function pruneResults(tx: JobKv, now: number): Promise<void> {
  for (const key of await tx.list(resultKey(''))) {
    const made = requestIdTime(key.slice(resultKey('').length));
    if (made !== undefined && made < now - RESULT_RETENTION_MS) tx.delete(key);
  }
}

export function checkKind(job: JobDefinition, name: string, trigger: TriggerInfo): void {
  const declared = job.on.some((s) => s.kind === trigger.kind && (s.kind !== 'event' || trigger.kind !== 'event' || s.name === trigger.name));
  if (!declared) {
    const what = trigger.kind === 'event' ? `event "${trigger.name}"` : trigger.kind;
    throw new GfaError('E_INPUT', `job "${name}" does not run on ${what}; add it to the job's on list`);
  }
}

/**
 * An event job opens to strangers only with `event(name, { from: 'anyone' })`; otherwise the forge
 * must say the actor can push. Asks the forge (for `from: 'anyone'` jobs too, so the handler sees the
 * answer in `ctx.trigger.actor.trusted`) and returns the trigger with it, and why the event is refused.
 */
export async function checkActor(job: JobDefinition, name: string, trigger: TriggerInfo, access: AccessCheck): Promise<{ trigger: TriggerInfo; refused?: string }> {
  if (trigger.kind !== 'event') return { trigger };
  const answer = await access(trigger.actor);
  const checked: TriggerInfo = { ...trigger, actor: { ...trigger.actor, trusted: answer.trusted } };
  const spec = job.on.find((s) => s.kind === 'event' && s.name === trigger.name);
  if ((spec?.kind === 'event' && spec.from === 'anyone') || answer.trusted) return { trigger: checked };
  const who = trigger.actor.login ?? 'an unnamed sender';
  return { trigger: checked, refused: `job "${name}" runs only for people who can push and ${who} is ${answer.relation}; to open it to everyone, use event('${trigger.name}', { from: 'anyone' })` };
}

export function readSecrets(job: JobDefinition, env: Record<string, string | undefined>): Record<string, string> {
  const secrets: Record<string, string> = {};
  for (const name of job.secrets ?? []) {
    const value = env[name];
    if (value === undefined || value === '') throw new GfaError('E_SECRET_MISSING', `secret ${name} is not set: add it to the repository's CI secrets (or the environment for gfa run)`);
    secrets[name] = value;
  }
  return Object.freeze(secrets);
}

/** A stored result, or undefined when the text is not one (then the request is served again). */
export function storedResult(text: string | undefined, requestId: string): JobResult | undefined {
  if (text === undefined) return undefined;
  try {
    const r = JSON.parse(text) as JobResult;
    return r && r.requestId === requestId && (r.status === 'ok' || r.status === 'error') ? r : undefined;
  } catch {
    return undefined;
  }
}

/** What `results/<batchId>` holds: every member's result; ok only when every member is. */
export function batchResult(name: string, batchId: string, results: JobResult[], startedAt: string): JobResult {
  const failed = results.filter((r) => r.status !== 'ok');
  const first = failed[0]?.error;
  return {
    job: name,
    requestId: batchId,
    status: failed.length === 0 ? 'ok' : 'error',
    ...(failed.length === 0 ? { output: null } : { error: { code: first?.code ?? 'E_JOB_FAILED', message: `${failed.length} of ${results.length} requests failed; the first: ${first?.message ?? 'no message'}` } }),
    startedAt,
    finishedAt: new Date().toISOString(),
    batch: results,
  };
}
