/** @module Reads what started a job from the environment a runner gives (see contract.ts). */
import { readFileSync } from 'node:fs';
import { GfaError } from '../errors.ts';
import type { TriggerInfo } from '../app/types.ts';
import { ENV } from '../contract.ts';
import { eventFromGitlabKind } from '../app/rules.ts';
import { githubActor, gitlabActor } from './actor.ts';

/** The raw trigger: input is untrusted and not yet parsed or validated. */
export interface RawTrigger {
  trigger: TriggerInfo;
  /** The job name the runner asked for, when it said. */
  job?: string;
  /** The request id the caller chose, unvalidated. */
  requestId?: string;
  /** Input as JSON text (`text`) or as an already-parsed value (`value`, from repository_dispatch). */
  input?: { text: string } | { value: unknown };
  /** A batch's members as JSON text, unparsed; `requestId` is then the batch id. */
  batch?: string;
}

type Env = Record<string, string | undefined>;


function readJson(path: string, what: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new GfaError('E_INPUT', `cannot read ${what} (${(err as Error).message.split('\n')[0]}); check the runner's event file`, { cause: err });
  }
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function asObject(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {};
}

function decodeB64(text: string): string {
  return Buffer.from(text, 'base64url').toString('utf8');
}

/** Input from GFA_INPUT (JSON text) or GFA_INPUT_B64 (base64url of JSON text). */
function gfaInput(env: Env): RawTrigger['input'] {
  const b64 = str(env[ENV.inputB64]);
  if (b64 !== undefined) return { text: decodeB64(b64) };
  const text = str(env[ENV.input]);
  return text === undefined ? undefined : { text };
}

/** The batch's JSON text from GFA_BATCH, or GFA_BATCH_B64 (base64url of it). */
function gfaBatch(env: Env): string | undefined {
  const b64 = str(env[ENV.batchB64]);
  return b64 !== undefined ? decodeB64(b64) : str(env[ENV.batch]);
}

/** `batch` only when there is one (keeps the shape of a single request unchanged). */
function withBatch(t: RawTrigger, batch: string | undefined): RawTrigger {
  return batch === undefined ? t : { ...t, batch };
}

/** Reads the trigger: GFA_* variables first, then GitHub's event file, then GitLab's CI variables. */
export function readTrigger(env: Env): RawTrigger {
  const job = str(env[ENV.job]);
  const kind = str(env[ENV.trigger]);
  if (kind !== undefined) {
    const base = { job, requestId: str(env[ENV.requestId]) };
    if (kind === 'schedule') return { ...base, trigger: { kind: 'schedule', cron: env[ENV.schedule] ?? '' } };
    if (kind === 'event') {
      const name = str(env[ENV.event]);
      if (name === undefined) throw new GfaError('E_USAGE', `${ENV.trigger}=event needs ${ENV.event} (the event name)`);
      const path = str(env[ENV.eventPath]);
      // gfa dev and gfa run pass GitHub-shaped payloads.
      const payload = path ? readJson(path, 'the event payload') : {};
      return { ...base, trigger: { kind: 'event', name, payload, actor: githubActor(name, payload) } };
    }
    if (kind === 'trigger') return withBatch({ ...base, trigger: { kind: 'trigger' }, input: gfaInput(env) }, gfaBatch(env));
    throw new GfaError('E_USAGE', `${ENV.trigger} is "${kind}"; use schedule, trigger or event`);
  }
  const ghEvent = str(env.GITHUB_EVENT_NAME);
  if (ghEvent !== undefined) return readGitHub(ghEvent, env, job);
  const source = str(env.CI_PIPELINE_SOURCE);
  if (source !== undefined) return readGitLab(source, env, job);
  return withBatch({ job, requestId: str(env[ENV.requestId]), trigger: { kind: 'trigger' }, input: gfaInput(env) }, gfaBatch(env));
}

function readGitHub(name: string, env: Env, job: string | undefined): RawTrigger {
  const path = str(env.GITHUB_EVENT_PATH);
  const payload = asObject(path ? readJson(path, 'GITHUB_EVENT_PATH') : {});
  if (name === 'workflow_dispatch') {
    const inputs = asObject(payload.inputs);
    const text = str(inputs.input);
    return withBatch({ job, requestId: str(inputs.request_id), trigger: { kind: 'trigger' }, input: text === undefined ? undefined : { text } }, str(inputs.batch));
  }
  if (name === 'repository_dispatch') {
    const cp = asObject(payload.client_payload);
    return { job, requestId: str(cp.request_id), trigger: { kind: 'trigger' }, input: cp.input === undefined ? undefined : { value: cp.input } };
  }
  if (name === 'schedule') return { job, trigger: { kind: 'schedule', cron: str(payload.schedule) ?? env[ENV.schedule] ?? '' } };
  return { job, trigger: { kind: 'event', name, payload, actor: githubActor(name, payload) } };
}

function readGitLab(source: string, env: Env, job: string | undefined): RawTrigger {
  const payloadPath = str(env.TRIGGER_PAYLOAD);
  if (payloadPath !== undefined) {
    const payload = asObject(readJson(payloadPath, 'TRIGGER_PAYLOAD'));
    const kind = str(payload.object_kind) ?? str(payload.event_name) ?? 'unknown';
    return { job, trigger: { kind: 'event', name: eventFromGitlabKind(kind) ?? kind, payload, actor: gitlabActor(payload) } };
  }
  if (source === 'schedule') return { job, trigger: { kind: 'schedule', cron: env[ENV.schedule] ?? '' } };
  return withBatch({ job, requestId: str(env[ENV.requestId]), trigger: { kind: 'trigger' }, input: gfaInput(env) }, gfaBatch(env));
}
