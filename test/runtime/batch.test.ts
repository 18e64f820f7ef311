/**
 * A batch served by one run (issue 21): one commit, each member on its own savepoint, each result
 * under its own id plus the batch's file; a failing member sinks nothing else; a request id already
 * answered is not served again (a re-send after a reload, a member of two batches).
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineApp, defineJob, trigger } from '../../framework/index.ts';
import type { JobResult } from '../../framework/contract.ts';
import { decodeMembers, splitBatch, encodeMembers } from '../../framework/forge/batch.ts';
import { runJob, type RuntimeStore } from '../../framework/runtime/run.ts';
import { memoryDriver } from '../../framework/store/drivers/memory.ts';
import { createStore } from '../../framework/store/store.ts';

let handled = 0;
const app = defineApp({
  name: 't',
  jobs: {
    add: defineJob({
      on: [trigger({ input: z.object({ key: z.string(), fail: z.boolean().optional() }) })],
      run: async (ctx) => {
        handled++;
        const n = Number((await ctx.kv.get('count')) ?? '0') + 1;
        ctx.kv.set('count', String(n));
        ctx.kv.set(`items/${ctx.input.key}`, ctx.requestId);
        if (ctx.input.fail) throw new Error(`refused ${ctx.input.key}`);
        return { n };
      },
    }),
  },
});

function setup() {
  const store = createStore(memoryDriver());
  let commits = 0;
  const tx = store.transaction;
  const counted = (async (fn: Parameters<typeof tx>[0], o?: Parameters<typeof tx>[1]) => {
    commits++;
    return tx(fn, o);
  }) as typeof tx;
  const run = (env: Record<string, string>) =>
    runJob(app, 'add', { env: { GFA_REMOTE: 'mem', GFA_TRIGGER: 'trigger', ...env }, openStore: async () => ({ transaction: counted, close: async () => {} }) as RuntimeStore, write: () => {} });
  const result = async (id: string) => JSON.parse((await store.get(`results/${id}`))!) as JobResult;
  return { store, run, result, commits: () => commits };
}

const batchEnv = (batchId: string, members: { requestId: string; input?: unknown }[]) => ({ GFA_REQUEST_ID: batchId, GFA_BATCH: encodeMembers(members) });

describe('a batch in one run', () => {
  it('serves every member in one commit; a failing member leaves an error and none of its writes', async () => {
    const t = setup();
    handled = 0;
    const whole = await t.run(batchEnv('b1', [
      { requestId: 'r1', input: { key: 'a' } },
      { requestId: 'r2', input: { key: 'b', fail: true } },
      { requestId: 'r3', input: { key: 'c' } },
      { requestId: 'r4', input: { nope: 1 } },
    ]));
    expect(t.commits()).toBe(1);
    expect(handled).toBe(3);
    expect(whole).toMatchObject({ requestId: 'b1', status: 'error', error: { code: 'E_JOB_FAILED' } });
    expect(whole.error!.message).toMatch(/^2 of 4 requests failed; the first: Error: refused b/);
    expect(whole.batch!.map((r) => [r.requestId, r.status])).toEqual([['r1', 'ok'], ['r2', 'error'], ['r3', 'ok'], ['r4', 'error']]);
    expect((await t.result('r1')).output).toEqual({ n: 1 });
    // r2's writes (count 2, items/b) were dropped: r3 saw count 1.
    expect((await t.result('r3')).output).toEqual({ n: 2 });
    expect((await t.result('r4')).error!.code).toBe('E_INPUT');
    expect(await t.store.get('items/b')).toBeUndefined();
    expect(await t.store.get('count')).toBe('2');
    expect((await t.result('b1')).batch).toHaveLength(4);
  });

  it('a request already answered is not served again, alone or in a batch', async () => {
    const t = setup();
    handled = 0;
    await t.run({ GFA_REQUEST_ID: 'r1', GFA_INPUT: JSON.stringify({ key: 'a' }) });
    const again = await t.run({ GFA_REQUEST_ID: 'r1', GFA_INPUT: JSON.stringify({ key: 'a' }) });
    expect(again).toMatchObject({ requestId: 'r1', status: 'ok', output: { n: 1 } });
    const batch = await t.run(batchEnv('b2', [{ requestId: 'r1', input: { key: 'a' } }, { requestId: 'r2', input: { key: 'b' } }]));
    expect(batch.status).toBe('ok');
    expect(batch.batch!.map((r) => r.output)).toEqual([{ n: 1 }, { n: 2 }]);
    expect(handled).toBe(2);
    expect(await t.store.get('count')).toBe('2');
  });

  it('a batch input that is not a list of requests is an error result under the batch id', async () => {
    const t = setup();
    const r = await t.run({ GFA_REQUEST_ID: 'b3', GFA_BATCH: '[{"requestId":"../x"}]' });
    expect(r).toMatchObject({ requestId: 'b3', status: 'error', error: { code: 'E_INPUT' } });
    expect((await t.result('b3')).status).toBe('error');
  });
});

describe('splitBatch', () => {
  it('splits by count and by size, in order, never cutting a request', () => {
    const many = Array.from({ length: 120 }, (_, i) => ({ requestId: `r${i}`, input: { i } }));
    const byCount = splitBatch('j', many);
    expect(byCount.map((b) => b.requests.length)).toEqual([50, 50, 20]);
    expect(byCount.flatMap((b) => b.requests.map((r) => r.requestId))).toEqual(many.map((r) => r.requestId));
    for (const b of byCount) expect(b.batchId).toMatch(/^[0-9a-z]{9}-batch-/);
    const big = Array.from({ length: 5 }, (_, i) => ({ requestId: `s${i}`, input: 'x'.repeat(25_000) }));
    const bySize = splitBatch('j', big);
    expect(bySize.map((b) => b.requests.length)).toEqual([2, 2, 1]);
    for (const b of bySize) expect(encodeMembers(b.requests).length).toBeLessThanOrEqual(60_000);
    expect(bySize[2]!.batchId).toBeUndefined(); // one request goes as itself
    expect(() => splitBatch('j', [{ requestId: 'huge', input: 'x'.repeat(70_000) }])).toThrow(/huge .* at most 60000/);
    expect(decodeMembers(encodeMembers(many.slice(0, 3)))).toEqual(many.slice(0, 3));
    expect(() => decodeMembers('[{"requestId":"a"},{"requestId":"a"}]')).toThrow(/repeats request id a/);
  });
});
