/**
 * The client's outbox (issue 21) over a scripted ClientForge: quick requests go out as one trigger,
 * each request gets its own result, a failing member fails alone, a refused dispatch fails its
 * requests only, a batch too large is split, and what is pending survives a reload sealed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { JobResult } from '../../framework/contract.ts';
import { createOutbox } from '../../framework/client/outbox.ts';
import { loadPending, savePending } from '../../framework/client/outbox-store.ts';
import { GfaError } from '../../framework/errors.ts';
import type { TriggerBatch } from '../../framework/forge/types.ts';

function scripted(options: { refuse?: boolean; failing?: Set<string> } = {}) {
  const sent: TriggerBatch[] = [];
  const forge = {
    batchLimit: { requests: 50, chars: 60_000 },
    async head() {
      return { sha: 'a'.repeat(40), etag: '"e"' };
    },
    async trigger(_credential: string, batch: TriggerBatch) {
      if (options.refuse) throw new GfaError('E_FORGE', 'GitHub refused the dispatch (HTTP 403)');
      sent.push(batch);
      return { runId: String(sent.length), runUrl: `https://forge/runs/${sent.length}` };
    },
  };
  const answer = (batch: TriggerBatch): JobResult => {
    const one = (id: string): JobResult => (options.failing?.has(id)
      ? { job: batch.job, requestId: id, status: 'error', error: { code: 'E_INPUT', message: 'bad' }, startedAt: '', finishedAt: '' }
      : { job: batch.job, requestId: id, status: 'ok', output: { id }, startedAt: '', finishedAt: '' });
    if (batch.requests.length === 1) return one(batch.requests[0]!.requestId);
    return { job: batch.job, requestId: batch.batchId!, status: 'ok', startedAt: '', finishedAt: '', batch: batch.requests.map((r) => one(r.requestId)) };
  };
  const waited: string[] = [];
  const changes: number[] = [];
  const outbox = createOutbox({
    forge,
    credential: () => 'cred',
    async wait(_job, id) {
      waited.push(id);
      const batch = sent.find((b) => (b.batchId ?? b.requests[0]!.requestId) === id)!;
      return answer(batch);
    },
    changed: (p) => changes.push(p.length),
  }, { windowMs: 30, maxWaitMs: 200 });
  return { outbox, sent, waited, changes };
}

describe('the outbox', () => {
  it('ten quick requests go out as one trigger and one wait; each gets its own result', async () => {
    const t = scripted();
    const outs = Array.from({ length: 10 }, (_, i) => t.outbox.add('mark-read', `r${i}`, { i }, 5000));
    expect(t.outbox.pending().map((p) => p.state)).toEqual(Array(10).fill('waiting'));
    const results = await Promise.all(outs.map((o) => o.result));
    expect(t.sent).toHaveLength(1);
    expect(t.sent[0]!.requests.map((r) => r.requestId)).toEqual(outs.map((_, i) => `r${i}`));
    expect(t.waited).toEqual([t.sent[0]!.batchId]);
    expect(results.map((r) => r.output)).toEqual(outs.map((_, i) => ({ id: `r${i}` })));
    expect((await outs[0]!.dispatched).runUrl).toBe('https://forge/runs/1');
    expect(t.outbox.pending()).toEqual([]);
  });

  it('the window closes after maxWaitMs even while requests keep coming; jobs batch apart', async () => {
    const t = scripted();
    const outs = [];
    for (let i = 0; i < 12; i++) {
      outs.push(t.outbox.add('star', `s${i}`, undefined, 5000));
      if (i === 3) outs.push(t.outbox.add('mark-read', 'm0', undefined, 5000));
      await new Promise((r) => setTimeout(r, 20));
    }
    await Promise.all(outs.map((o) => o.result));
    const stars = t.sent.filter((b) => b.job === 'star');
    expect(stars.length).toBeGreaterThanOrEqual(2); // 12 × 20 ms > maxWaitMs 200
    expect(stars.length).toBeLessThanOrEqual(3);
    expect(t.sent.filter((b) => b.job === 'mark-read')).toHaveLength(1);
  });

  it('a failing member fails alone; a refused dispatch fails its requests with the forge error', async () => {
    const t = scripted({ failing: new Set(['r1']) });
    const [a, b] = [t.outbox.add('j', 'r0', 1, 5000), t.outbox.add('j', 'r1', 2, 5000)];
    expect((await a.result).status).toBe('ok');
    expect((await b.result).status).toBe('error');
    const refused = scripted({ refuse: true });
    const o = refused.outbox.add('j', 'x', 1, 5000);
    await expect(o.dispatched).rejects.toThrow(/refused the dispatch/);
    await expect(o.result).rejects.toThrow(/refused the dispatch/);
    expect(refused.outbox.pending()).toEqual([]);
  });

  it('splits a batch over the dispatch limit, never cutting a request', async () => {
    const t = scripted();
    const outs = Array.from({ length: 4 }, (_, i) => t.outbox.add('import', `i${i}`, 'x'.repeat(25_000), 5000));
    await Promise.all(outs.map((o) => o.result));
    expect(t.sent.map((b) => b.requests.length)).toEqual([2, 2]);
  });

  it('an id already pending is refused', () => {
    const t = scripted();
    t.outbox.add('j', 'dup', 1, 5000);
    expect(() => t.outbox.add('j', 'dup', 1, 5000)).toThrow(/already pending/);
    t.outbox.flush();
  });
});

describe('the outbox in localStorage', () => {
  const mem = new Map<string, string>();
  (globalThis as { localStorage?: unknown }).localStorage = {
    getItem: (k: string) => mem.get(k) ?? null,
    setItem: (k: string, v: string) => void mem.set(k, v),
    removeItem: (k: string) => void mem.delete(k),
  };
  afterEach(() => mem.clear());

  it('is sealed under the credential: no input or id in the clear; another credential reads nothing', async () => {
    await savePending('slot', 'cred-1', [{ job: 'add-feed', requestId: 'req-123', input: { url: 'https://secret.example/feed' }, state: 'sent' }]);
    const stored = [...mem.values()].join('');
    expect(stored).not.toContain('secret.example');
    expect(stored).not.toContain('req-123');
    expect(Buffer.from(stored, 'base64').toString('latin1')).not.toContain('secret.example');
    expect(await loadPending('slot', 'cred-1')).toEqual([{ job: 'add-feed', requestId: 'req-123', input: { url: 'https://secret.example/feed' } }]);
    expect(await loadPending('slot', 'cred-2')).toEqual([]);
    await savePending('slot', 'cred-1', []);
    expect(mem.size).toBe(0);
  });
});
