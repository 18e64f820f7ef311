/**
 * The client's outbox: requests made close together go out in one trigger, so ten quick clicks cost one
 * or two runner starts instead of ten (a run waits tens of seconds for a runner and bills minutes).
 *
 * Per job, the first request opens a window; each new one extends it by `windowMs` (default 500 ms;
 * the client uses 50 ms on `gfa dev`, whose runs start at once), up to `maxWaitMs` (default 2 s) after the first; then the pending requests go out together (split by
 * the forge's dispatch limits, framework/forge/batch.ts). A run that is already queued cannot take more
 * requests, so requests made after the window go out in a run of their own, in parallel.
 *
 * Each request keeps its own id and result. The runtime serves a batch in one commit, each member on
 * its own savepoint (a failing member does not sink the others), and serves an id once: a request sent
 * again (after a reload, or by two batches) is answered from its stored result.
 *
 * Pending requests survive a reload: they are kept in localStorage sealed (XChaCha20-Poly1305, the
 * store's envelope) under a key derived from the trigger credential, which exists only unlocked in
 * memory; after the next unlock they are sent again, and the ids keep them from being applied twice.
 */
import { answerId, splitBatch } from '../forge/batch.ts';
import type { JobResult } from '../contract.ts';
import { GfaError } from '../errors.ts';
import type { ClientForge, RequestItem, RunRef, TriggerBatch } from '../forge/types.ts';

/** Settings of the outbox. */
export interface OutboxOptions {
  /** Quiet time that closes a batch. @default 500 */
  windowMs?: number;
  /** Longest a request waits for others. @default 2000 */
  maxWaitMs?: number;
}

/** A request the outbox holds, as the page may show it. */
export interface PendingRequest {
  job: string;
  requestId: string;
  input?: unknown;
  /** waiting: in the window; sent: its run is queued or running. */
  state: 'waiting' | 'sent';
  runUrl?: string;
}

interface Entry extends PendingRequest {
  timeoutMs: number;
  sent: (ref: RunRef) => void;
  refused: (err: unknown) => void;
  done: (result: JobResult) => void;
  failed: (err: unknown) => void;
}

/** What the outbox needs from the client. */
export interface OutboxDeps {
  forge: Pick<ClientForge, 'trigger' | 'head' | 'batchLimit'>;
  credential(): string;
  /** Waits for `results/<id>` of a trigger (decoded, head-checked) while following its run. */
  wait(job: string, id: string, timeoutMs: number, since: string | undefined, ref: RunRef): Promise<JobResult>;
  /** Called whenever the pending set changes (to persist it and to tell the page). */
  changed(pending: PendingRequest[]): void;
}

/** A request handed to the outbox: resolves `dispatched` once its trigger is accepted, `result` with the job's result. */
export interface Outgoing {
  dispatched: Promise<RunRef>;
  result: Promise<JobResult>;
}

export function createOutbox(deps: OutboxDeps, options: OutboxOptions = {}) {
  const windowMs = options.windowMs ?? 500;
  const maxWaitMs = options.maxWaitMs ?? 2000;
  const entries = new Map<string, Entry>();
  const windows = new Map<string, { timer: ReturnType<typeof setTimeout>; firstAt: number; members: Entry[] }>();

  const pending = (): PendingRequest[] =>
    [...entries.values()].map(({ job, requestId, input, state, runUrl }) => ({ job, requestId, ...(input !== undefined ? { input } : {}), state, ...(runUrl ? { runUrl } : {}) }));
  const changed = (): void => deps.changed(pending());

  async function send(job: string, members: Entry[]): Promise<void> {
    windows.delete(job);
    let batches: TriggerBatch[];
    try {
      batches = splitBatch(job, members.map((m): RequestItem => (m.input === undefined ? { requestId: m.requestId } : { requestId: m.requestId, input: m.input })), deps.forge.batchLimit);
    } catch (err) {
      for (const m of members) fail(m, err, true);
      return;
    }
    await Promise.all(batches.map((b) => sendOne(b, members.filter((m) => b.requests.some((r) => r.requestId === m.requestId)))));
  }

  async function sendOne(batch: TriggerBatch, members: Entry[]): Promise<void> {
    let since: string | undefined;
    let ref: RunRef;
    try {
      const before = await deps.forge.head();
      since = before === undefined || before === 'unchanged' ? undefined : before.etag;
      ref = await deps.forge.trigger(deps.credential(), batch);
    } catch (err) {
      for (const m of members) fail(m, err, true);
      return;
    }
    for (const m of members) {
      m.state = 'sent';
      if (ref.runUrl) m.runUrl = ref.runUrl;
      m.sent(ref);
    }
    changed();
    const timeoutMs = Math.max(...members.map((m) => m.timeoutMs));
    let answer: JobResult;
    try {
      answer = await deps.wait(batch.job, answerId(batch), timeoutMs, since, ref);
    } catch (err) {
      for (const m of members) fail(m, err, false);
      return;
    }
    const byId = new Map((batch.requests.length > 1 ? (answer.batch ?? []) : [answer]).map((r) => [r.requestId, r]));
    for (const m of members) {
      const r = byId.get(m.requestId);
      entries.delete(m.requestId);
      if (r) m.done(r);
      else m.failed(new GfaError('E_JOB_FAILED', `job "${batch.job}" answered batch ${answerId(batch)} without request ${m.requestId}`));
    }
    changed();
  }

  function fail(m: Entry, err: unknown, beforeDispatch: boolean): void {
    entries.delete(m.requestId);
    if (beforeDispatch) m.refused(err);
    m.failed(err);
    changed();
  }

  return {
    /** Queues a request; see {@link Outgoing}. A request id already queued is not queued twice. */
    add(job: string, requestId: string, input: unknown, timeoutMs: number): Outgoing {
      let sent!: (ref: RunRef) => void;
      let refused!: (err: unknown) => void;
      let done!: (r: JobResult) => void;
      let failed!: (err: unknown) => void;
      const dispatched = new Promise<RunRef>((ok, no) => { sent = ok; refused = no; });
      const result = new Promise<JobResult>((ok, no) => { done = ok; failed = no; });
      // Whoever awaits only one of them must not see an unhandled rejection for the other.
      dispatched.catch(() => {});
      result.catch(() => {});
      if (entries.has(requestId)) throw new GfaError('E_USAGE', `request ${requestId} is already pending`);
      const entry: Entry = { job, requestId, ...(input !== undefined ? { input } : {}), state: 'waiting', timeoutMs, sent, refused, done, failed };
      entries.set(requestId, entry);
      const now = Date.now();
      const w = windows.get(job);
      if (w) {
        clearTimeout(w.timer);
        w.members.push(entry);
        w.timer = setTimeout(() => void send(job, w.members), Math.max(0, Math.min(windowMs, w.firstAt + maxWaitMs - now)));
      } else {
        const members = [entry];
        windows.set(job, { firstAt: now, members, timer: setTimeout(() => void send(job, members), windowMs) });
      }
      changed();
      return { dispatched, result };
    },
    pending,
    /** Sends every open window now (e.g. before the page unloads). */
    flush(): void {
      for (const [job, w] of [...windows]) {
        clearTimeout(w.timer);
        void send(job, w.members);
      }
    },
  };
}

export type Outbox = ReturnType<typeof createOutbox>;
