/** @module Runs one job once: trigger → input → secrets → handler and result in one transaction. */
import { GfaError, isGfaError, isGfaErrorCode } from '../errors.ts';
import type { AppDefinition, JobContext, JobDefinition, JobKv, TriggerInfo } from '../app/types.ts';
import { ENV, RESULT_RETENTION_MS, decodeMembers, isRequestId, newRequestId, requestIdTime, resultKey, type JobResult } from '../contract.ts';
import { parseInput } from './input.ts';
import { createLog, maskSecrets, sealedAppOnPublicLog } from './log.ts';
import { resolveRemote, sensitiveEnvValues } from './remote.ts';
import { readTrigger, type RawTrigger } from './trigger.ts';
import { guard } from './guard.ts';
import { parsePolicies } from '../policy/index.ts';
import { accessCheck, type AccessCheck } from './access.ts';
import { runSession, type SessionClock, type SessionQueue } from './session.ts';
import { batchResult, checkActor, checkKind, pruneResults, readSecrets, storedResult, toError } from './run-steps.ts';
import { checkReplay, planUserEvent, serveJoin, verifySigned } from './users.ts';
import { sessionQueue } from './session-queue.ts';

/** What the runtime needs from a store (the `Store` of framework/store fits). */
export interface RuntimeStore {
  transaction<T>(fn: (tx: JobKv) => Promise<T>, options?: { message?: string; retries?: number }): Promise<T>;
  close(): Promise<void>;
}

/** Options for opening the data store (the argument of `openStore`). */
export interface RuntimeStoreOptions {
  remote: string;
  branch?: string;
  history?: 'squash' | 'keep';
  secretKeys?: string;
  cacheDir?: string;
  /** Start connecting at once: the job reads the store right away. */
  prepare?: boolean;
  /** 2: the head comes with the top-level folders, `results/` among them, which every run writes. */
  headDepth?: 1 | 2;
}

/** How to run. */
export interface RunJobOptions {
  env: Record<string, string | undefined>;
  openStore(options: RuntimeStoreOptions): Promise<RuntimeStore>;
  /** Where log lines go. @default process.stderr */
  write?: (line: string) => void;
  /** Rejects when the process crashes (uncaught exception), so the run still records an error result. */
  crash?: Promise<never>;
  /** Asks the forge whether an event's actor can push. @default accessCheck(env) (./access.ts) */
  access?: AccessCheck;
  /**
   * For an app with `session`: the forge's queue and the clock. @default the queue of the forge in
   * `env` (./session-queue.ts; none locally, so no session) and the real clock
   */
  session?: { queue?: SessionQueue; clock?: SessionClock; pollMs?: number };
  /** The clock a signed request's or key change's time is checked against (./users.ts). @default the session clock, else Date.now */
  now?: () => number;
}

const realClock: SessionClock = { now: () => Date.now(), sleep: (ms) => new Promise((ok) => setTimeout(ok, ms)) };

type Env = RunJobOptions['env'];

/** Opens the store as the app and environment say. Throws when it cannot (no result can be written then). */
export async function openAppStore(app: AppDefinition, options: RunJobOptions): Promise<RuntimeStore> {
  const env = options.env;
  const history = env[ENV.history] ?? app.store?.history ?? 'squash';
  if (history !== 'squash' && history !== 'keep') throw new GfaError('E_CONFIG', `${ENV.history} is "${history}"; use squash or keep`);
  const encrypt = app.store?.encrypt === true;
  const key = env[ENV.secretKey];
  if (encrypt && !key) throw new GfaError('E_KEY_INVALID', `app "${app.name}" encrypts its store: set ${ENV.secretKey} (create one with gfa keygen)`);
  return options.openStore({
    remote: resolveRemote(env),
    branch: env[ENV.branch] || app.store?.branch || 'data',
    history,
    ...(encrypt && key ? { secretKeys: key } : {}),
    ...(env[ENV.cacheDir] ? { cacheDir: env[ENV.cacheDir] } : {}),
    prepare: true,
    headDepth: 2,
  });
}

/** One request the run serves: its id and its raw (unparsed) input; a user's signed request, its user and digest. */
interface Member {
  requestId: string;
  input: RawTrigger['input'];
  signed?: { user: string; digest: string };
}

/**
 * Runs job `name` of `app` once for the request (or batch of requests) that started it, and writes
 * `results/<requestId>` for each: a batch is served in one transaction, one commit, each member on a
 * savepoint of its own, so a member that fails leaves an error result and none of its writes while the
 * others' writes and results land; `results/<batchId>` then holds them all. A request whose result is
 * already on the branch (a re-send after a reload or a timeout, or a member of two batches) is not
 * served again: its stored result stands. An event from someone the job does not accept returns an
 * `E_UNTRUSTED` error and writes nothing. Throws only when no result can be written.
 */
export async function runJob(app: AppDefinition, name: string, options: RunJobOptions): Promise<JobResult> {
  const env = options.env;
  const clock = options.session?.clock ?? realClock;
  const runStart = clock.now();
  // When the request being served was taken up: the run's start, then each session request's.
  let startedAt = new Date().toISOString();
  const job = Object.hasOwn(app.jobs, name) ? app.jobs[name] : undefined;
  if (!job) throw new GfaError('E_CONFIG', `app "${app.name}" has no job "${name}" (jobs: ${Object.keys(app.jobs).join(', ')})`);
  // First, so the remote's answer is on its way while the trigger is read and checked.
  const store = await openAppStore(app, options);
  const masks = [...sensitiveEnvValues(env), ...(job.secrets ?? []).map((s) => env[s] ?? '').filter((v) => v.length > 0)];
  const log = createLog(masks, options.write);
  let requestId = newRequestId();
  let raw: RawTrigger | undefined;
  let members: Member[] = [];
  let batchId: string | undefined;
  let prepError: unknown;
  try {
    raw = readTrigger(env);
    if (raw.requestId !== undefined) {
      if (!isRequestId(raw.requestId)) throw new GfaError('E_INPUT', 'request id must match [A-Za-z0-9_-]{1,64}');
      requestId = raw.requestId;
    }
    if (raw.job !== undefined && raw.job !== name) throw new GfaError('E_CONFIG', `this bundle runs job "${name}" but ${ENV.job} is "${raw.job}"; run dist/jobs/${raw.job}.mjs`);
    if (raw.batch !== undefined) {
      batchId = requestId;
      members = decodeMembers(raw.batch).map((m) => ({ requestId: m.requestId, input: m.input === undefined ? undefined : { value: m.input } }));
    } else {
      members = [{ requestId, input: raw.input }];
    }
  } catch (err) {
    prepError = err;
  }
  /** Set once the run knows it becomes a session: each result it writes then says until when it is live. */
  let liveUntil: (() => string) | undefined;
  const finish = (id: string, fields: Pick<JobResult, 'status' | 'output' | 'error'>, signed?: Member['signed']): JobResult => ({
    job: name,
    requestId: id,
    status: fields.status,
    ...(fields.status === 'ok' ? { output: fields.output } : { error: fields.error }),
    startedAt,
    finishedAt: new Date().toISOString(),
    ...(liveUntil ? { sessionUntil: liveUntil() } : {}),
    ...(signed ? { signed } : {}),
  });
  let commitMessage = batchId === undefined ? `gfa: ${name} ${requestId}` : `gfa: ${name} batch ${batchId} (${members.length} requests)`;
  /** The same error for every request of the run (nothing of the handler is kept). */
  const writeError = async (err: unknown): Promise<JobResult> => {
    const error = toError(err, masks);
    const results = members.map((m) => finish(m.requestId, { status: 'error', error }, m.signed));
    // No members (the trigger or the batch could not be read): the error goes under the request (batch) id.
    const whole = results.length === 0 ? finish(requestId, { status: 'error', error }) : batchId !== undefined ? batchResult(name, batchId, results, startedAt) : results[0]!;
    await store.transaction(async (tx) => {
      for (const r of results) if (storedResult(await tx.get(resultKey(r.requestId)), r.requestId) === undefined) tx.set(resultKey(r.requestId), JSON.stringify(r));
      if (batchId !== undefined || results.length === 0) tx.set(resultKey(whole.requestId), JSON.stringify(whole));
      await pruneResults(tx, Date.now());
    }, { message: `${commitMessage} failed` });
    return whole;
  };
  try {
    if (prepError !== undefined || raw === undefined) return await writeError(prepError);
    try {
      checkKind(job, name, raw.trigger);
    } catch (err) {
      return await writeError(err);
    }
    const { trigger, refused } = await checkActor(job, name, raw.trigger, options.access ?? accessCheck(env));
    if (refused !== undefined) {
      // Before the handler and without a commit: a stranger's event costs one short job, no data.
      log.warn(refused);
      return finish(requestId, { status: 'error', error: { code: 'E_UNTRUSTED', message: maskSecrets(refused, masks) } });
    }
    let secrets: Readonly<Record<string, string>>;
    const policies = parsePolicies(app.policies ?? []);
    let user = env[ENV.asUser] || undefined;
    try {
      if (user !== undefined && !/^[0-9]{1,20}$/.test(user)) throw new GfaError('E_INPUT', `${ENV.asUser} is "${user.slice(0, 40)}"; a user id is the forge's numeric id`);
      secrets = readSecrets(job, env);
    } catch (err) {
      return await writeError(err);
    }
    // A join or a signed request in an issue or comment (./users.ts): the runtime's, never the handler's as the owner.
    const plan = planUserEvent(app, job, name, trigger);
    const now = options.now ?? (() => clock.now());
    /** Refused before anything is written: one short job, no commit. */
    const refuse = (err: unknown): JobResult => {
      const error = toError(err, masks);
      log.warn(error.message);
      return finish(requestId, { status: 'error', error });
    };
    let served: TriggerInfo = trigger;
    if (plan.kind === 'refused') return refuse(new GfaError(isGfaErrorCode(plan.code) ? plan.code : 'E_INPUT', plan.message));
    if (plan.kind === 'skip') return (log.info(plan.message), finish(requestId, { status: 'ok', output: { skipped: plan.message } }));
    if (plan.kind === 'join') {
      try {
        return await store.transaction((tx) => serveJoin(tx, plan.user, plan.message, now(), finish, requestId), { message: `gfa: ${name} join of user ${plan.user}` });
      } catch (err) {
        log.error(`could not commit: ${toError(err, masks).message}`);
        return await writeError(err);
      }
    }
    if (plan.kind === 'request') {
      try {
        if (user !== undefined && user !== plan.user) throw new GfaError('E_INPUT', `${ENV.asUser} is ${user} but the request is signed by user ${plan.user}`);
        checkKind(job, name, { kind: 'trigger' });
        const digest = await store.transaction((tx) => verifySigned(tx, plan.user, plan.request, now()));
        user = plan.user;
        requestId = plan.request.requestId;
        members = [{ requestId, input: plan.request.input === undefined ? undefined : { value: plan.request.input }, signed: { user, digest } }];
      } catch (err) {
        return refuse(err);
      }
      served = { kind: 'trigger' };
      commitMessage = `gfa: ${name} ${requestId} (user ${user})`;
    }
    /** Serves one member on a savepoint of `tx`; its result, written to `tx`. */
    const serve = async (tx: JobKv, m: Member): Promise<JobResult> => {
      const stored = storedResult(await tx.get(resultKey(m.requestId)), m.requestId);
      // A signed request whose id another request took meanwhile: E_REPLAY aborts the transaction.
      if (stored !== undefined && m.signed) checkReplay(stored, m.signed.user, m.signed.digest, m.requestId);
      if (stored !== undefined) return stored;
      let result: JobResult;
      let input: unknown;
      try {
        input = served.kind === 'trigger' ? await parseInput(job, m.input) : undefined;
      } catch (err) {
        result = finish(m.requestId, { status: 'error', error: toError(err, masks) }, m.signed);
        tx.set(resultKey(m.requestId), JSON.stringify(result));
        return result;
      }
      const point = guard(tx, policies, user);
      try {
        const running = Promise.resolve(job.run({ input, secrets, log, requestId: m.requestId, trigger: served, kv: point.kv, ...(user !== undefined ? { user } : {}) }));
        let output: unknown = await (options.crash ? Promise.race([running, options.crash]) : running);
        output = output === undefined ? null : JSON.parse(JSON.stringify(output));
        await point.apply();
        result = finish(m.requestId, { status: 'ok', output }, m.signed);
      } catch (err) {
        // One request: the entry (main.ts) prints the message once, with the result. A batch member's
        // message is printed here, once, since the entry prints only the batch's summary.
        if (batchId !== undefined) log.error(`request ${m.requestId} failed: ${sealedAppOnPublicLog(app.store?.encrypt === true, env) ? `${toError(err, masks).code} (the message is in the encrypted result)` : toError(err, masks).message}`);
        if (env[ENV.debug] === '1' && err instanceof Error && err.stack) log.error(maskSecrets(err.stack, masks));
        result = finish(m.requestId, { status: 'error', error: toError(err, masks) }, m.signed);
      }
      tx.set(resultKey(m.requestId), JSON.stringify(result));
      return result;
    };
    /** Serves `ms` in one transaction, one commit; with `bid`, `results/<bid>` holds them all. */
    const serveAll = (ms: Member[], bid: string | undefined, message: string): Promise<JobResult> => store.transaction(async (tx) => {
      const results: JobResult[] = [];
      for (const m of ms) results.push(await serve(tx, m));
      const whole = bid !== undefined ? { ...batchResult(name, bid, results, startedAt), ...(liveUntil ? { sessionUntil: liveUntil() } : {}) } : results[0]!;
      if (bid !== undefined) tx.set(resultKey(bid), JSON.stringify(whole));
      await pruneResults(tx, Date.now());
      return whole;
    }, { message });
    // A session: only a run a trigger started (never a schedule or an event), only where the forge's queue can be read.
    const queue = app.session && trigger.kind === 'trigger' ? (options.session?.queue ?? sessionQueue(env, name)) : undefined;
    if (app.session && queue) {
      const { idleSeconds, maxSeconds } = app.session;
      liveUntil = () => new Date(Math.min(runStart + maxSeconds * 1000, clock.now() + idleSeconds * 1000)).toISOString();
    }
    let whole: JobResult;
    try {
      whole = await serveAll(members, batchId, commitMessage);
    } catch (err) {
      if (isGfaError(err, 'E_REPLAY')) return refuse(err);
      log.error(`could not commit: ${toError(err, masks).message}`);
      return await writeError(err);
    }
    if (app.session && queue) {
      await runSession({
        queue, clock, startedAt: runStart, idleSeconds: app.session.idleSeconds, maxSeconds: app.session.maxSeconds,
        ...(options.session?.pollMs !== undefined ? { pollMs: options.session.pollMs } : {}),
        log: (line) => log.info(line),
        serve: async (t) => {
          startedAt = new Date().toISOString();
          const ms: Member[] = t.members.map((m) => ({ requestId: m.requestId, input: m.input === undefined ? undefined : { value: m.input } }));
          try {
            await serveAll(ms, t.batch ? t.answerId : undefined, t.batch ? `gfa: ${name} batch ${t.answerId} (${ms.length} requests, session)` : `gfa: ${name} ${t.answerId} (session)`);
            return true;
          } catch (err) {
            log.error(`session: could not commit: ${toError(err, masks).message}`);
            return false;
          }
        },
      });
    }
    return whole;
  } finally {
    await store.close();
  }
}
