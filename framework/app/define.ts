/** @module `defineApp`, `defineJob`, `schedule`, `trigger`, `event`: return their input after checking it. */
import { Cron } from 'croner';
import { GfaError } from '../errors.ts';
import { parsePolicies } from '../policy/index.ts';
import { EVENT_NAMES, githubEnvironmentProblem, isBranchName, isEventName, NAME_PATTERN, runnerProblem, secretNameProblem, type EventName, type RunnerSetting } from './rules.ts';
import type { AppDefinition, EventAudience, EventSpec, JobContext, JobDefinition, OnSpec, ScheduleSpec, StandardSchemaV1, TriggerSpec, InferOutput } from './types.ts';

/** Forge events a job may declare with `event(name)`: the one table in rules.ts. */
export const SUPPORTED_EVENTS: readonly EventName[] = EVENT_NAMES;

function fail(message: string): never {
  throw new GfaError('E_CONFIG', message);
}

/** Runs on a cron schedule: 5 fields (minute hour day month weekday), UTC. Throws E_CONFIG on a bad expression. */
export function schedule(cron: string): ScheduleSpec {
  if (typeof cron !== 'string') fail(`schedule() needs a cron string such as '*/15 * * * *'`);
  const fields = cron.trim().split(/\s+/);
  if (fields.length !== 5) fail(`schedule('${cron}'): a cron expression has 5 fields (minute hour day month weekday), got ${fields.length}`);
  try {
    new Cron(fields.join(' '), { paused: true, timezone: 'UTC' });
  } catch (err) {
    fail(`schedule('${cron}'): bad cron expression: ${(err as Error).message}`);
  }
  return { kind: 'schedule', cron: fields.join(' ') };
}

/** Runs on an HTTP POST. `input` is any Standard Schema validator (zod, valibot, arktype); without one, any JSON value. */
export function trigger<S extends StandardSchemaV1 | undefined = undefined>(options?: { input?: S }): TriggerSpec<S> {
  const input = options?.input;
  if (input !== undefined && (typeof input !== 'object' || input === null || !('~standard' in input))) {
    fail('trigger({ input }): input must be a Standard Schema validator (zod, valibot, arktype ...)');
  }
  return input === undefined ? ({ kind: 'trigger' } as TriggerSpec<S>) : { kind: 'trigger', input };
}

/**
 * Runs on a forge event such as `issues` or `issue_comment`. By default only collaborators (people
 * the forge says can push) start the job: events by anyone else are refused before the handler runs.
 * `{ from: 'anyone' }` opens the job to everyone; its handler must then treat the event as hostile.
 */
export function event(name: EventName, options?: { from?: EventAudience }): EventSpec {
  if (!isEventName(name)) {
    fail(`event('${String(name)}'): unknown event; supported: ${EVENT_NAMES.join(', ')}`);
  }
  const from = options?.from ?? 'collaborators';
  if (from !== 'collaborators' && from !== 'anyone') fail(`event('${name}', { from }): from is "${String(from)}"; use 'collaborators' (the default) or 'anyone'`);
  return { kind: 'event', name, from };
}

/** The input type of a job: the output of its trigger's schema. */
export type InputOf<On extends readonly OnSpec[]> =
  Extract<On[number], TriggerSpec> extends TriggerSpec<infer S> ? (S extends StandardSchemaV1 ? InferOutput<S> : unknown) : undefined;

/** Defines a job. Checks `on`, `secrets` and `run` now, so mistakes surface when the config loads. */
export function defineJob<const On extends readonly OnSpec[], Output>(def: {
  on: On;
  secrets?: readonly string[];
  runner?: RunnerSetting;
  run: (ctx: JobContext<InputOf<On>>) => Promise<Output> | Output;
}): JobDefinition<InputOf<On>, Output> {
  checkJob(def as JobDefinition, '(job)');
  return def as JobDefinition<InputOf<On>, Output>;
}

function checkJob(job: JobDefinition, name: string): void {
  if (typeof job !== 'object' || job === null) fail(`job "${name}" must be defineJob({ on, run })`);
  if (typeof job.run !== 'function') fail(`job "${name}" is missing run: add run: async (ctx) => { ... }`);
  if (!Array.isArray(job.on) || job.on.length === 0) fail(`job "${name}" needs on: [trigger(), schedule('...'), or event('...')]`);
  let triggers = 0;
  for (const spec of job.on as OnSpec[]) {
    if (!spec || !['schedule', 'trigger', 'event'].includes(spec.kind)) fail(`job "${name}": each entry of on must come from trigger(), schedule() or event()`);
    if (spec.kind === 'trigger') triggers++;
  }
  if (triggers > 1) fail(`job "${name}" has ${triggers} trigger() entries; use one`);
  for (const s of job.secrets ?? []) {
    const problem = secretNameProblem(s);
    if (problem) fail(`job "${name}": secret name "${String(s)}" ${problem}`);
  }
  if (job.runner !== undefined) {
    const problem = runnerProblem(job.runner);
    if (problem) fail(`job "${name}": runner ${problem}`);
  }
}

/** A `media-src` source an app may add: `https:` or an https origin (no `*`, `data:`, `blob:`, keywords). */
function isMediaSource(v: unknown): boolean {
  return typeof v === 'string' && /^https:(\/\/[a-z0-9.-]+(:\d{1,5})?)?$/i.test(v);
}

/** `session: { idleSeconds, maxSeconds }`: whole seconds, idle 1–3600, max from idle to 21600 (6 h, GitHub's job limit). */
function checkSession(session: unknown): void {
  const s = session as { idleSeconds?: unknown; maxSeconds?: unknown } | null;
  const whole = (v: unknown, lo: number, hi: number): boolean => typeof v === 'number' && Number.isInteger(v) && v >= lo && v <= hi;
  if (typeof s !== 'object' || s === null) fail('session must be { idleSeconds, maxSeconds }, like { idleSeconds: 120, maxSeconds: 600 }');
  if (!whole(s.idleSeconds, 1, 3600)) fail(`session.idleSeconds is ${String(s.idleSeconds)}; use a whole number of seconds from 1 to 3600`);
  if (!whole(s.maxSeconds, s.idleSeconds as number, 21_600)) fail(`session.maxSeconds is ${String(s.maxSeconds)}; use a whole number of seconds from idleSeconds (${String(s.idleSeconds)}) to 21600`);
}

/** Defines the app: `export default defineApp({...})` in `gfa.config.ts`. */
export function defineApp<const A extends AppDefinition>(def: A): A {
  if (typeof def !== 'object' || def === null) fail('defineApp() needs an object: { name, jobs }');
  if (typeof def.name !== 'string' || !NAME_PATTERN.test(def.name)) fail(`app name "${String(def.name)}" must match [a-z0-9-]+ (like "rss-reader")`);
  const history = def.store?.history;
  if (history !== undefined && history !== 'squash' && history !== 'keep') fail(`store.history is "${String(history)}"; use 'squash' or 'keep'`);
  const branch = def.store?.branch;
  if (branch !== undefined && !isBranchName(branch)) fail(`store.branch "${String(branch)}" is not a plain branch name; use letters, digits, "-", "_", "/" or "."`);
  if (def.store?.encrypt !== undefined && typeof def.store.encrypt !== 'boolean') fail('store.encrypt must be true or false');
  if (def.pages !== undefined && (typeof def.pages.dir !== 'string' || def.pages.dir.startsWith('/') || def.pages.dir.includes('..'))) fail('pages.dir must be a folder inside the app, like "web"');
  const media: unknown = def.pages?.media;
  if (media !== undefined && (!Array.isArray(media) || !media.every(isMediaSource))) fail('pages.media lists where media may load from: "https:" or https origins like "https://media.example"');
  if (def.session !== undefined) checkSession(def.session);
  if (def.runner !== undefined) {
    const problem = runnerProblem(def.runner);
    if (problem) fail(`runner ${problem}`);
  }
  if (def.githubEnvironment !== undefined) {
    const problem = githubEnvironmentProblem(def.githubEnvironment);
    if (problem) fail(`githubEnvironment ${problem}`);
  }
  if (typeof def.jobs !== 'object' || def.jobs === null || Object.keys(def.jobs).length === 0) fail(`app "${def.name}" has no jobs: add jobs: { name: defineJob({...}) }`);
  if (def.policies !== undefined) parsePolicies(def.policies);
  for (const [name, job] of Object.entries(def.jobs)) {
    if (!NAME_PATTERN.test(name)) fail(`job name "${name}" must match [a-z0-9-]+ (like "fetch-feeds")`);
    checkJob(job, name);
  }
  return def;
}
