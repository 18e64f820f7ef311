/** While a session is live the client looks for a result every half second (issue 24); else at the forge's pace. */
import { describe, expect, it } from 'vitest';
import { pollResult } from '../../framework/client/poll.ts';

function fakeForge(lookupsBeforeResult: number) {
  let looks = 0;
  return {
    backoff: [1000, 1000, 2000, 2000, 3000] as readonly number[],
    async head(_etag?: string) {
      looks++;
      return looks > lookupsBeforeResult ? { sha: 'a'.repeat(40), etag: `"${looks}"` } : ('unchanged' as const);
    },
    async readFile() {
      return new TextEncoder().encode('{}');
    },
  };
}

function recordingClock() {
  let now = 0;
  const sleeps: number[] = [];
  return { sleeps, now: () => now, sleep: async (ms: number) => { sleeps.push(ms); now += ms; } };
}

describe('polling for a result', () => {
  it('uses the forge backoff by default, and the given one while a session is live', async () => {
    const slow = recordingClock();
    await pollResult(fakeForge(4), 'j', 'r', 60_000, { clock: slow });
    expect(slow.sleeps).toEqual([1000, 1000, 2000, 2000]);
    const fast = recordingClock();
    await pollResult(fakeForge(4), 'j', 'r', 60_000, { clock: fast, backoff: [500] });
    expect(fast.sleeps).toEqual([500, 500, 500, 500]);
  });
});
