/**
 * pollResult reads `results/<id>` only at heads that may hold it (issue 23): a head whose
 * `gfa-results` trailer proves the result absent costs no file request (no 404 in the console); a
 * listed result is read and found; where absence cannot be proved (no trailer, an id without a time or
 * older than the trailer's `from`) the file is read as before. A fake forge counts the requests.
 */
import { describe, expect, it } from 'vitest';
import { newRequestId, resultKey } from '../../framework/contract.ts';
import { formatResults, type ResultsHint } from '../../framework/contract/results-trailer.ts';
import { layoutReader } from '../../framework/client/layout.ts';
import { pollResult, type Clock } from '../../framework/client/poll.ts';
import type { ClientForge, RunStatus } from '../../framework/forge/types.ts';

const T = Date.UTC(2026, 11, 7);

/** A clock whose sleeps return at once. */
function fakeClock(): Clock {
  let now = T;
  return { now: () => now, sleep: async (ms) => void (now += ms) };
}

/**
 * A forge whose head moves on at every look (as while other runs land), each head's commit carrying
 * `hint(n)` and holding the result from head `foundAt` on. `via` picks GitHub's `commit` or GitLab's `commitMessage`.
 */
function fakeForge(id: string, hint: (n: number) => ResultsHint | undefined, foundAt: number, via: 'commit' | 'commitMessage' = 'commit') {
  const counts = { head: 0, readFile: 0, commit: 0 };
  let n = 0;
  const message = (sha: string) => {
    counts.commit++;
    const h = hint(Number(sha.slice(1)));
    return `gfa: other run\n\n${h ? `${formatResults(h)}\n` : ''}`;
  };
  const forge: Pick<ClientForge, 'head' | 'readFile' | 'backoff' | 'commit' | 'commitMessage'> = {
    backoff: [10],
    async head() {
      counts.head++;
      n++;
      return { sha: `h${n}`, etag: `h${n}` };
    },
    async readFile(sha, path) {
      counts.readFile++;
      return path === resultKey(id) && Number(sha.slice(1)) >= foundAt ? new TextEncoder().encode('{"ok":1}') : undefined;
    },
    ...(via === 'commit' ? { commit: async (sha: string) => ({ tree: 't', message: message(sha) }) } : { commitMessage: async (sha: string) => message(sha) }),
  };
  return { forge, counts };
}

const poll = (f: ReturnType<typeof fakeForge>, id: string, run?: () => Promise<RunStatus>) => {
  const reader = layoutReader(f.forge);
  return pollResult(f.forge, 'job', id, 60_000, { clock: fakeClock(), layoutAt: (sha) => reader.at(sha), resultsAt: (sha) => reader.results(sha), ...(run ? { run } : {}) });
};

describe('pollResult and the gfa-results trailer', () => {
  for (const via of ['commit', 'commitMessage'] as const) {
    it(`asks for no file while the heads prove it absent, then finds it once listed (${via})`, async () => {
      const id = newRequestId({ now: T });
      const others = [newRequestId({ now: T + 5 }), newRequestId({ now: T - 5 })];
      const f = fakeForge(id, (n) => ({ from: T - 100, ids: n >= 5 ? [id, ...others] : others }), 5, via);
      expect(new TextDecoder().decode(await poll(f, id))).toBe('{"ok":1}');
      expect(f.counts).toEqual({ head: 5, commit: 5, readFile: 1 });
    });
  }

  it('reads at every head where absence cannot be proved', async () => {
    const id = newRequestId({ now: T });
    // No trailer (an older writer).
    const none = fakeForge(id, () => undefined, 4);
    await poll(none, id);
    expect(none.counts.readFile).toBe(4);
    // The id is older than the list reaches.
    const old = fakeForge(id, () => ({ from: T + 1, ids: [] }), 4);
    await poll(old, id);
    expect(old.counts.readFile).toBe(4);
    // An id without a time (chosen by the caller).
    const custom = fakeForge('my-id', () => ({ from: 0, ids: [] }), 4);
    await poll(custom, 'my-id');
    expect(custom.counts.readFile).toBe(4);
    // A malformed trailer proves nothing either: a commit whose message cannot be had is read past.
    const broken = fakeForge(id, () => ({ from: T, ids: ['bad/id'] }), 3);
    await poll(broken, id);
    expect(broken.counts.readFile).toBe(3);
  });

  it('after the run ended, a later head that proves absence ends the wait without a read', async () => {
    const id = newRequestId({ now: T });
    const f = fakeForge(id, () => ({ from: T - 100, ids: [] }), Infinity);
    const run = async (): Promise<RunStatus> => ({ state: 'failed', detail: 'completed/failure', url: 'http://run/1' });
    await expect(poll(f, id, run)).rejects.toThrow(/ended \(completed\/failure\) before it wrote a result: see http:\/\/run\/1/);
    expect(f.counts.readFile).toBe(0);
    expect(f.counts.head).toBe(4);
  });

  it('after the run ended, a result its last commit lists is read and found', async () => {
    const id = newRequestId({ now: T });
    const f = fakeForge(id, (n) => ({ from: T - 100, ids: n >= 4 ? [id] : [] }), 4);
    const run = async (): Promise<RunStatus> => ({ state: 'succeeded', detail: 'completed/success' });
    expect(new TextDecoder().decode(await poll(f, id, run))).toBe('{"ok":1}');
    expect(f.counts.readFile).toBe(1);
  });
});
