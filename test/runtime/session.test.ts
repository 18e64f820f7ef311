/**
 * Sessions (issue 24): a run that served its request keeps taking the job's queued runs from the
 * forge's queue (a fake one here, on a scripted clock: no real waiting), serves their requests, then
 * cancels them; it ends after idleSeconds without a request or at maxSeconds. Every request is served
 * exactly once, whether the session or its own run gets it.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineApp, defineJob, schedule, trigger, type AppDefinition } from '../../framework/index.ts';
import { readSessionTitle, sessionTitle, type JobResult } from '../../framework/contract.ts';
import { encodeMembers } from '../../framework/forge/batch.ts';
import { runJob, type RuntimeStore } from '../../framework/runtime/run.ts';
import type { QueuedRun, SessionQueue } from '../../framework/runtime/session.ts';
import { memoryDriver } from '../../framework/store/drivers/memory.ts';
import { createStore } from '../../framework/store/store.ts';

const calls: string[] = [];
const jobs = {
  add: defineJob({
    on: [trigger({ input: z.object({ key: z.string() }) }), schedule('0 * * * *')],
    run: async (ctx) => {
      calls.push(ctx.requestId);
      ctx.kv.set(`items/${ctx.input?.key ?? 'scheduled'}`, ctx.requestId);
      return { key: ctx.input?.key };
    },
  }),
};
const app = defineApp({ name: 't', session: { idleSeconds: 10, maxSeconds: 60 }, jobs });
const plain = defineApp({ name: 't', jobs });

/** A forge's run queue: runs are queued until a runner takes them (the test says when), or cancelled. */
function fakeQueue() {
  const runs: { id: string; title: string; state: 'queued' | 'running' | 'cancelled' }[] = [];
  let next = 1;
  const cancelled: string[] = [];
  let polls = 0;
  let refuseCancel = false;
  const queue: SessionQueue = {
    async queued() {
      polls++;
      return runs
        .filter((r) => r.state === 'queued')
        .map((r) => ({ id: r.id, requests: readSessionTitle(r.title) }))
        .filter((r): r is QueuedRun => r.requests !== undefined);
    },
    async cancel(run) {
      const r = runs.find((x) => x.id === run.id)!;
      if (refuseCancel || r.state !== 'queued') return false;
      r.state = 'cancelled';
      cancelled.push(run.id);
      return true;
    },
  };
  const dispatch = (requestId: string, key: string): { id: string; env: Record<string, string> } => {
    const id = String(next++);
    runs.push({ id, title: sessionTitle('add', { requestId, input: { key } }, 1000), state: 'queued' });
    return { id, env: { GFA_REQUEST_ID: requestId, GFA_INPUT: JSON.stringify({ key }) } };
  };
  const dispatchBatch = (batchId: string, members: { requestId: string; input: unknown }[]): string => {
    const id = String(next++);
    runs.push({ id, title: sessionTitle('add', { requestId: batchId, members: encodeMembers(members) }, 1000), state: 'queued' });
    return id;
  };
  const take = (id: string): void => void (runs.find((r) => r.id === id)!.state = 'running');
  return { queue, dispatch, dispatchBatch, take, cancelled, runs, polls: () => polls, refuse: () => void (refuseCancel = true) };
}

/** A clock that moves only when slept on, running the scripted events that fall due. */
function scriptedClock(events: { at: number; run: () => void | Promise<void> }[] = []) {
  let now = 0;
  const pending = [...events].sort((a, b) => a.at - b.at);
  return {
    now: () => now,
    async sleep(ms: number) {
      now += ms;
      while (pending.length > 0 && pending[0]!.at <= now) await pending.shift()!.run();
    },
  };
}

function setup(def: AppDefinition = app) {
  const store = createStore(memoryDriver());
  let failCommits = false;
  const open = async (): Promise<RuntimeStore> => ({
    transaction: (fn, o) => (failCommits ? Promise.reject(new Error('the runner was lost')) : store.transaction(fn, o)),
    close: async () => {},
  });
  const lines: string[] = [];
  const run = (env: Record<string, string>, session?: { queue: SessionQueue; clock: { now(): number; sleep(ms: number): Promise<void> } }) =>
    runJob(def, 'add', { env: { GFA_REMOTE: 'mem', GFA_TRIGGER: 'trigger', ...env }, openStore: open, write: (l) => void lines.push(l), ...(session ? { session } : {}) });
  const result = async (id: string): Promise<JobResult | undefined> => {
    const text = await store.get(`results/${id}`);
    return text === undefined ? undefined : (JSON.parse(text) as JobResult);
  };
  return { store, run, result, lines, failCommits: (v: boolean) => void (failCommits = v) };
}

describe('session titles', () => {
  it('carry a request or a batch whole, and a title cut short is not read', () => {
    const one = sessionTitle('add', { requestId: 'r1', input: { key: 'a' } }, 1000);
    expect(readSessionTitle(one)).toEqual({ job: 'add', answerId: 'r1', batch: false, members: [{ requestId: 'r1', input: { key: 'a' } }] });
    const batch = sessionTitle('add', { requestId: 'b1', members: encodeMembers([{ requestId: 'x', input: 1 }, { requestId: 'y' }]) }, 1000);
    expect(readSessionTitle(batch)).toMatchObject({ answerId: 'b1', batch: true, members: [{ requestId: 'x', input: 1 }, { requestId: 'y' }] });
    expect(readSessionTitle(one.slice(0, -1))).toBeUndefined();
    expect(readSessionTitle(`${one.slice(0, 90)}...`)).toBeUndefined();
    expect(readSessionTitle('gfa add')).toBeUndefined();
    expect(sessionTitle('add', { requestId: 'r1', input: 'x'.repeat(2000) }, 1000)).toBe('');
  });
});

describe('a session', () => {
  it('starts after its own request and serves the requests queued meanwhile, then cancels their runs', async () => {
    calls.length = 0;
    const t = setup();
    const q = fakeQueue();
    let r1 = '', b = '';
    const clock = scriptedClock([
      { at: 2000, run: () => void (r1 = q.dispatch('r1', 'one').id) },
      { at: 5000, run: () => void (b = q.dispatchBatch('b1', [{ requestId: 'r2', input: { key: 'two' } }, { requestId: 'r3', input: { key: 'three' } }])) },
    ]);
    const first = await t.run({ GFA_REQUEST_ID: 'r0', GFA_INPUT: JSON.stringify({ key: 'zero' }) }, { queue: q.queue, clock });
    expect(first.status).toBe('ok');
    expect(calls).toEqual(['r0', 'r1', 'r2', 'r3']);
    expect(q.cancelled).toEqual([r1, b]);
    for (const id of ['r1', 'r2', 'r3']) expect((await t.result(id))?.status).toBe('ok');
    expect((await t.result('b1'))?.batch?.map((r) => r.requestId)).toEqual(['r2', 'r3']);
    expect(await t.store.get('items/three')).toBe('r3');
    // Each result says until when the session is live (idle 10 s after it was served), the batch's too.
    expect((await t.result('r0'))?.sessionUntil).toBe(new Date(10_000).toISOString());
    expect((await t.result('r1'))?.sessionUntil).toBe(new Date(12_000).toISOString());
    expect((await t.result('b1'))?.sessionUntil).toBe(new Date(15_000).toISOString());
    // Idle for 10 s after the last request (at 5 s): it ended at 15 s.
    expect(clock.now()).toBe(15_000);
    expect(t.lines.join('')).toMatch(/session: ended \(10 s without a request\) after 2 more runs/);
  });

  it('exits after idleSeconds with no request', async () => {
    const t = setup();
    const q = fakeQueue();
    const clock = scriptedClock();
    await t.run({ GFA_REQUEST_ID: 'r0', GFA_INPUT: '{"key":"a"}' }, { queue: q.queue, clock });
    expect(clock.now()).toBe(10_000);
    expect(q.polls()).toBe(10);
  });

  it('exits at maxSeconds however busy, and leaves what came later to its own run', async () => {
    calls.length = 0;
    const t = setup();
    const q = fakeQueue();
    const later: { id: string; env: Record<string, string> }[] = [];
    const events = Array.from({ length: 40 }, (_, i) => ({ at: (i + 1) * 2000, run: () => void later.push(q.dispatch(`r${i + 1}`, `k${i + 1}`)) }));
    const clock = scriptedClock(events);
    await t.run({ GFA_REQUEST_ID: 'r0', GFA_INPUT: '{"key":"a"}' }, { queue: q.queue, clock });
    expect(clock.now()).toBe(60_000);
    expect(t.lines.join('')).toMatch(/ended \(60 s reached\)/);
    // Dispatched before 60 s were taken; the one at 60 s and those after stay queued, to run by themselves.
    expect(q.cancelled.length).toBe(29);
    expect(q.runs.filter((r) => r.state === 'queued').length).toBe(1);
    await clock.sleep(20_000);
    expect(q.runs.filter((r) => r.state === 'queued').length).toBe(11);
    expect(await t.result('r29')).toBeDefined();
    expect(await t.result('r30')).toBeUndefined();
  });

  it('serves a request that arrives as it exits exactly once: by its own run', async () => {
    calls.length = 0;
    const t = setup();
    const q = fakeQueue();
    let late: { id: string; env: Record<string, string> } | undefined;
    // Dispatched just as the 10 s idle window closes: the session has looked for the last time.
    const clock = scriptedClock([{ at: 10_000, run: () => void (late = q.dispatch('late', 'l')) }]);
    await t.run({ GFA_REQUEST_ID: 'r0', GFA_INPUT: '{"key":"a"}' }, { queue: q.queue, clock });
    expect(q.cancelled).toEqual([]);
    expect(await t.result('late')).toBeUndefined();
    // A runner takes the queued run: it serves its request itself (and is no session: the fake queue is empty).
    q.take(late!.id);
    await t.run(late!.env, { queue: q.queue, clock: scriptedClock() });
    expect(calls.filter((c) => c === 'late')).toEqual(['late']);
    expect((await t.result('late'))?.status).toBe('ok');
  });

  it('serves a request once when its run got a runner before the cancel: the run finds the stored result', async () => {
    calls.length = 0;
    const t = setup();
    const q = fakeQueue();
    q.refuse();
    let r1: { id: string; env: Record<string, string> } | undefined;
    const clock = scriptedClock([{ at: 1000, run: () => void (r1 = q.dispatch('r1', 'one')) }]);
    await t.run({ GFA_REQUEST_ID: 'r0', GFA_INPUT: '{"key":"a"}' }, { queue: q.queue, clock });
    expect(t.lines.join('')).toMatch(/the forge kept the run, which will find its result/);
    const served = await t.result('r1');
    q.take(r1!.id);
    const again = await t.run(r1!.env, { queue: fakeQueue().queue, clock: scriptedClock() });
    expect(calls.filter((c) => c === 'r1')).toEqual(['r1']);
    expect(again).toEqual(served);
  });

  it('killed mid-request (nothing committed, no cancel sent): the request is served by its own run', async () => {
    calls.length = 0;
    const t = setup();
    const q = fakeQueue();
    let r1: { id: string; env: Record<string, string> } | undefined;
    // The runner is lost while the session serves r1: its commit never lands.
    const clock = scriptedClock([{ at: 1000, run: () => { r1 = q.dispatch('r1', 'one'); t.failCommits(true); } }]);
    await t.run({ GFA_REQUEST_ID: 'r0', GFA_INPUT: '{"key":"a"}' }, { queue: q.queue, clock });
    expect(q.cancelled).toEqual([]);
    expect(await t.result('r1')).toBeUndefined();
    t.failCommits(false);
    q.take(r1!.id);
    await t.run(r1!.env, { queue: fakeQueue().queue, clock: scriptedClock() });
    expect((await t.result('r1'))?.status).toBe('ok');
    expect(await t.store.get('items/one')).toBe('r1');
  });

  it('is off by default, and a schedule never starts one', async () => {
    const q = fakeQueue();
    q.dispatch('r1', 'one');
    const off = setup(plain);
    await off.run({ GFA_REQUEST_ID: 'r0', GFA_INPUT: '{"key":"a"}' }, { queue: q.queue, clock: scriptedClock() });
    expect((await off.result('r0'))?.sessionUntil).toBeUndefined();
    await setup(app).run({ GFA_TRIGGER: 'schedule', GFA_SCHEDULE: '0 * * * *' }, { queue: q.queue, clock: scriptedClock() });
    expect(q.polls()).toBe(0);
    expect(q.cancelled).toEqual([]);
  });

  it('defineApp checks the settings', () => {
    expect(() => defineApp({ name: 't', session: { idleSeconds: 0, maxSeconds: 60 }, jobs })).toThrow(/idleSeconds/);
    expect(() => defineApp({ name: 't', session: { idleSeconds: 120, maxSeconds: 60 }, jobs })).toThrow(/maxSeconds/);
    expect(() => defineApp({ name: 't', session: { idleSeconds: 1.5, maxSeconds: 60 }, jobs })).toThrow(/whole number/);
  });
});
