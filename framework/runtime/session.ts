/**
 * @module A session: after a run has served the request (or batch) that started it, it keeps serving
 * the requests of its job that are dispatched meanwhile, taken from the forge's own queue of runs or
 * pipelines (./session-queue.ts), until `idleSeconds` pass with none or `maxSeconds` end. Every request
 * still goes out as its own dispatch: a session that is not live, or that dies, leaves it to its run.
 *
 * Exactly once: a taken run's requests are served first, then the queued run is cancelled. Serving is
 * idempotent by request id (run.ts returns a stored result), so if the run got a runner in between,
 * or the cancel failed, or the session died before the cancel, both may serve and one result stands.
 */
import type { TitledRequests } from '../contract.ts';

/** Time, injected: tests move a manual clock instead of waiting. */
export interface SessionClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

/** A queued run or pipeline of this job whose title carries its requests. */
export interface QueuedRun {
  /** The forge's id of the run (GitHub run id, GitLab pipeline id). */
  id: string;
  requests: TitledRequests;
}

/** The forge's queue, as a session sees it. */
export interface SessionQueue {
  /** The job's runs that wait for a runner and carry whole titles, oldest first. */
  queued(): Promise<QueuedRun[]>;
  /** Cancels a queued run before it gets a runner; false when the forge refused (it then runs, and finds its result). */
  cancel(run: QueuedRun): Promise<boolean>;
}

/** Options of {@link runSession}. */
export interface SessionOptions {
  queue: SessionQueue;
  /**
   * Serves one run's requests (one transaction, as the run itself would; a failing request is an error
   * result, not a throw). False when nothing could be committed: the run is then left to serve them.
   */
  serve(requests: TitledRequests): Promise<boolean>;
  /** Seconds with no request before the session exits. */
  idleSeconds: number;
  /** Seconds after `startedAt` when the session exits, busy or not. */
  maxSeconds: number;
  /** When the run started (ms, on `clock`). */
  startedAt: number;
  clock: SessionClock;
  /** Between looks at the queue. @default 1000 */
  pollMs?: number;
  /** Log lines (no request content: ids only). */
  log(line: string): void;
}

/** What a session did. */
export interface SessionSummary {
  /** Runs taken from the queue and served. */
  runs: number;
  /** Requests served (members of those runs). */
  requests: number;
  /** Runs whose cancel the forge refused (they ran too, and found their results). */
  notCancelled: number;
  ended: 'idle' | 'max';
}

/** Runs the session loop; resolves when it ends (idle or max). Never throws for a forge error: it logs and keeps looking. */
export async function runSession(o: SessionOptions): Promise<SessionSummary> {
  const pollMs = o.pollMs ?? 1000;
  const end = o.startedAt + o.maxSeconds * 1000;
  let lastWork = o.clock.now();
  const summary: SessionSummary = { runs: 0, requests: 0, notCancelled: 0, ended: 'idle' };
  const seen = new Set<string>();
  let failures = 0;
  o.log(`session: live for up to ${o.maxSeconds} s, ending after ${o.idleSeconds} s without a request`);
  for (;;) {
    const now = o.clock.now();
    if (now >= end) {
      summary.ended = 'max';
      break;
    }
    if (now >= lastWork + o.idleSeconds * 1000) break;
    let runs: QueuedRun[] = [];
    try {
      runs = (await o.queue.queued()).filter((r) => !seen.has(r.id));
      failures = 0;
    } catch (err) {
      // A forge hiccup: keep looking (queued runs are not lost, they run by themselves).
      if (failures++ === 0) o.log(`session: cannot read the queue (${err instanceof Error ? err.message.split('\n')[0] : String(err)}); queued requests run by themselves`);
    }
    for (const run of runs) {
      seen.add(run.id);
      if (!(await o.serve(run.requests))) {
        o.log(`session: could not serve run ${run.id}; it will serve its requests itself`);
        continue;
      }
      summary.runs++;
      summary.requests += run.requests.members.length;
      let cancelled = false;
      try {
        cancelled = await o.queue.cancel(run);
      } catch {
        cancelled = false;
      }
      if (!cancelled) summary.notCancelled++;
      o.log(`session: served run ${run.id} (${run.requests.members.length} request${run.requests.members.length === 1 ? '' : 's'})${cancelled ? '' : '; the forge kept the run, which will find its result'}`);
      lastWork = o.clock.now();
    }
    if (runs.length === 0) {
      const left = Math.min(end, lastWork + o.idleSeconds * 1000) - o.clock.now();
      if (left > 0) await o.clock.sleep(Math.min(pollMs, left));
    }
  }
  o.log(`session: ended (${summary.ended === 'max' ? `${o.maxSeconds} s reached` : `${o.idleSeconds} s without a request`}) after ${summary.runs} more run${summary.runs === 1 ? '' : 's'}`);
  return summary;
}
