/** The policy guard: a user's request is held to the app's policies; the owner's is not. */
import { describe, expect, it } from 'vitest';
import { defineApp, defineJob, trigger } from '../../framework/index.ts';
import { runJob, type RuntimeStore } from '../../framework/runtime/run.ts';
import { memoryDriver } from '../../framework/store/drivers/memory.ts';
import { createStore } from '../../framework/store/store.ts';

const app = defineApp({
  name: 'sheet',
  policies: ['anyone create-file,modify,delete-file ^users/$user_id/.*$', 'anyone read ^users/$user_id/.*$'],
  jobs: {
    write: defineJob({
      on: [trigger()],
      run: async (ctx) => {
        const { key, value } = ctx.input as { key: string; value?: string };
        if (value === undefined) ctx.kv.delete(key);
        else ctx.kv.set(key, value);
        return { user: ctx.user ?? null };
      },
    }),
    read: defineJob({ on: [trigger()], run: async (ctx) => ({ value: (await ctx.kv.get((ctx.input as { key: string }).key)) ?? null, keys: await ctx.kv.list('users/') }) }),
    sneaky: defineJob({
      on: [trigger()],
      // Writes its own path, then one outside: the whole request must fail, the first write too.
      run: async (ctx) => { ctx.kv.set(`users/${ctx.user}/ok`, 'x'); ctx.kv.set('shared/board', 'x'); },
    }),
  },
});

function setup() {
  const store = createStore(memoryDriver());
  let commits = 0;
  const run = async (job: string, input: unknown, user?: string, id = `r${Math.random().toString(36).slice(2, 10)}`) => {
    const r = await runJob(app, job, {
      env: { GFA_REMOTE: 'mem', GFA_REQUEST_ID: id, GFA_INPUT: JSON.stringify(input), ...(user !== undefined ? { GFA_AS_USER: user } : {}) },
      openStore: async () => ({ transaction: (fn, o) => (commits++, store.transaction(fn, o)), close: async () => {} }) as RuntimeStore,
      write: () => {},
    });
    return r;
  };
  const data = async () => (await store.list('')).filter((k) => !k.startsWith('results/'));
  return { run, store, data, commits: () => commits };
}

describe('guard', () => {
  it('a user writes under their own path; the handler sees their id', async () => {
    const t = setup();
    const r = await t.run('write', { key: 'users/7/note', value: 'hi' }, '7');
    expect(r).toMatchObject({ status: 'ok', output: { user: '7' } });
    expect(await t.store.get('users/7/note')).toBe('hi');
  });

  it('a write outside the policy fails with E_POLICY and writes no data', async () => {
    const t = setup();
    await t.run('write', { key: 'users/8/note', value: 'mine' }, '8');
    const r = await t.run('write', { key: 'users/8/note', value: 'overwritten' }, '7');
    expect(r).toMatchObject({ status: 'error', error: { code: 'E_POLICY' } });
    expect(r.error?.message).toMatch(/^user 7 may not modify "users\/8\/note"/);
    expect(await t.store.get('users/8/note')).toBe('mine');
    const d = await t.run('write', { key: 'users/8/note' }, '7');
    expect(d.error?.code).toBe('E_POLICY');
    expect(await t.store.get('users/8/note')).toBe('mine');
  });

  it('one forbidden write fails the whole request, its allowed writes too', async () => {
    const t = setup();
    const r = await t.run('sneaky', null, '7');
    expect(r.error?.code).toBe('E_POLICY');
    expect(await t.data()).toEqual([]);
  });

  it('checks the operation on apply: create-file alone does not allow modify', async () => {
    const t = setup();
    const only = defineApp({ name: 'c', policies: ['anyone create-file ^inbox/.*$'], jobs: app.jobs });
    const store = createStore(memoryDriver());
    const run = (input: unknown) => runJob(only, 'write', { env: { GFA_REMOTE: 'm', GFA_INPUT: JSON.stringify(input), GFA_AS_USER: '7' }, openStore: async () => store as unknown as RuntimeStore, write: () => {} });
    expect((await run({ key: 'inbox/a', value: '1' })).status).toBe('ok');
    expect((await run({ key: 'inbox/a', value: '2' })).error?.code).toBe('E_POLICY');
    expect(await store.get('inbox/a')).toBe('1');
    void t;
  });

  it("a user cannot read another user's path, and lists only their own keys", async () => {
    const t = setup();
    await t.run('write', { key: 'users/8/secret', value: 's' }, '8');
    await t.run('write', { key: 'users/7/mine', value: 'm' }, '7');
    const r = await t.run('read', { key: 'users/8/secret' }, '7');
    expect(r).toMatchObject({ status: 'error', error: { code: 'E_POLICY' } });
    expect(r.error?.message).not.toContain('"s"');
    const own = await t.run('read', { key: 'users/7/mine' }, '7');
    expect(own).toMatchObject({ status: 'ok', output: { value: 'm', keys: ['users/7/mine'] } });
  });

  it('the owner (no user) reads and writes everything', async () => {
    const t = setup();
    await t.run('write', { key: 'users/8/secret', value: 's' }, '8');
    expect(await t.run('read', { key: 'users/8/secret' })).toMatchObject({ status: 'ok', output: { value: 's', keys: ['users/8/secret'] } });
    expect((await t.run('write', { key: 'shared/board', value: 'b' })).status).toBe('ok');
  });

  it('a user id that is not numeric is refused before the handler', async () => {
    const t = setup();
    const r = await t.run('write', { key: 'users/x/a', value: '1' }, 'x');
    expect(r.error?.code).toBe('E_INPUT');
    expect(await t.data()).toEqual([]);
  });
});
