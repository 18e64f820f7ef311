/**
 * The clock the doubles wait on. `gfa dev --as github|gitlab` keeps the forges' time (a runner start
 * before a run's first step, rate-limit windows), and tests replace the real clock with a manual one
 * so that waiting costs no real time.
 */

/** Time and waiting, injectable. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

function aborted(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new Error('aborted');
}

/** The machine's clock. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep(ms, signal) {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(aborted(signal));
      if (ms <= 0) return resolve();
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(aborted(signal!));
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  },
};

/** A clock that moves only when told: `advance(ms)` wakes every sleeper whose time has come. */
export interface ManualClock extends Clock {
  /** Moves the time on and lets the woken sleepers run. */
  advance(ms: number): Promise<void>;
  /** How many sleepers are waiting (tests wait for one to start sleeping). */
  readonly sleepers: number;
}

/** A manual clock starting at `start` (ms since the epoch). */
export function manualClock(start = Date.UTC(2026, 11, 7)): ManualClock {
  let now = start;
  const waiting = new Set<{ at: number; wake(): void }>();
  return {
    now: () => now,
    get sleepers() {
      return waiting.size;
    },
    sleep(ms, signal) {
      return new Promise<void>((resolve, reject) => {
        if (signal?.aborted) return reject(aborted(signal));
        if (ms <= 0) return resolve();
        const entry = {
          at: now + ms,
          wake: () => {
            waiting.delete(entry);
            signal?.removeEventListener('abort', onAbort);
            resolve();
          },
        };
        const onAbort = (): void => {
          waiting.delete(entry);
          reject(aborted(signal!));
        };
        waiting.add(entry);
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    },
    async advance(ms) {
      now += ms;
      for (const e of [...waiting].sort((a, b) => a.at - b.at)) if (e.at <= now) e.wake();
      // Let the woken continuations run before the caller looks.
      for (let i = 0; i < 5; i++) await new Promise<void>((r) => setImmediate(r));
    },
  };
}
