/**
 * The users layer in the runtime (issue 26): joins and signed requests arrive as issue comments to an
 * event job opened to anyone, are bound or verified by the runtime, and a request is served as the
 * job's trigger for the author's numeric id under the app's policies, once.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineApp, defineJob, event, trigger } from '../../framework/index.ts';
import type { AppDefinition } from '../../framework/app/types.ts';
import { runJob, type RuntimeStore } from '../../framework/runtime/run.ts';
import { memoryDriver } from '../../framework/store/drivers/memory.ts';
import { createStore } from '../../framework/store/store.ts';
import { formatBlock } from '../../framework/users/block.ts';
import { generateUserKeys, type UserKeys } from '../../framework/users/keys.ts';
import { joinMessage, keyChangeMessage } from '../../framework/users/join.ts';
import { signRequest } from '../../framework/users/request.ts';

const NOW = Date.UTC(2026, 11, 7, 12);
const dir = mkdtempSync(join(tmpdir(), 'gfa-users-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let handled = 0;

const POLICIES = ['anyone read,create-file,modify,delete-file ^users/$user_id/.*$'];
const jobs = {
  note: defineJob({
    on: [trigger({ input: z.object({ key: z.string(), text: z.string() }) }), event('issue_comment', { from: 'anyone' })],
    run: async (ctx) => {
      if (ctx.trigger.kind === 'event') return { plain: true, user: ctx.user ?? null };
      handled++;
      ctx.kv.set(ctx.input.key, ctx.input.text);
      return { user: ctx.user ?? null, trigger: ctx.trigger.kind };
    },
  }),
  peek: defineJob({
    on: [trigger({ input: z.object({ key: z.string() }) }), event('issue_comment', { from: 'anyone' })],
    run: async (ctx) => ({ value: ctx.input ? ((await ctx.kv.get(ctx.input.key)) ?? null) : null }),
  }),
};
const app = defineApp({ name: 'sheet', policies: POLICIES, jobs });

let files = 0;
function comment(sender: unknown, body: string, author: unknown = sender): string {
  const path = join(dir, `event-${files++}.json`);
  writeFileSync(path, JSON.stringify({ action: 'created', sender: { id: sender, login: 'someone' }, comment: { body, user: { id: author } }, issue: { number: 1 } }));
  return path;
}

function setup(theApp: AppDefinition = app) {
  const store = createStore(memoryDriver());
  const on = async (job: string, path: string, now = NOW) => runJob(theApp, job, {
    env: { GFA_REMOTE: 'mem', GFA_TRIGGER: 'event', GFA_EVENT: 'issue_comment', GFA_EVENT_PATH: path },
    openStore: async () => store as unknown as RuntimeStore,
    write: () => {},
    now: () => now,
  });
  const snapshot = async () => Object.fromEntries(await Promise.all((await store.list('')).map(async (k) => [k, await store.get(k)] as const)));
  const joined = async (user: number, keys: UserKeys, requestId?: string) => on('note', comment(user, `Hi!\n${formatBlock('join', joinMessage(keys, requestId))}`));
  const request = async (user: number, keys: UserKeys, job: string, requestId: string, input: unknown, time = NOW) =>
    comment(user, formatBlock('request', await signRequest(keys, { job, requestId, time, input })));
  return { store, on, snapshot, joined, request };
}

describe('joins through a comment', () => {
  it('binds the author\'s keys to their numeric id and answers under the join\'s request id', async () => {
    const t = setup();
    const keys = await generateUserKeys();
    const r = await t.joined(42, keys, 'join-1');
    expect(r).toMatchObject({ requestId: 'join-1', status: 'ok', output: { user: '42', keys: 'bound' }, signed: { user: '42' } });
    expect(JSON.parse((await t.store.get('users/42/keys.json'))!)).toMatchObject(keys.card);
    expect(JSON.parse((await t.store.get('results/join-1'))!)).toMatchObject({ status: 'ok' });
  });

  it('refuses a second join with other keys; takes a key change signed by the old key', async () => {
    const t = setup();
    const old = await generateUserKeys();
    const next = await generateUserKeys();
    await t.joined(42, old);
    const again = await t.joined(42, next, 'join-2');
    expect(again).toMatchObject({ status: 'error', error: { code: 'E_KEY_BOUND' } });
    expect(JSON.parse((await t.store.get('users/42/keys.json'))!)).toMatchObject(old.card);
    const change = await t.on('note', comment(42, formatBlock('join', await keyChangeMessage(old, next.card, NOW))));
    expect(change).toMatchObject({ status: 'ok', output: { keys: 'changed' } });
    expect(JSON.parse((await t.store.get('users/42/keys.json'))!)).toMatchObject(next.card);
  });

  it('refuses hostile joins with nothing written: a login for an id, an edit by another, bad blocks', async () => {
    const t = setup();
    const keys = await generateUserKeys();
    const block = formatBlock('join', joinMessage(keys, 'join-3'));
    for (const [path, code] of [
      [comment('octocat', block), 'E_UNTRUSTED'],
      [comment(7, block, 42), 'E_UNTRUSTED'],
      [comment(42, '```gfa-join\n{"v":1,\n```'), 'E_INPUT'],
      [comment(42, `\`\`\`gfa-join\n${JSON.stringify({ ...keys.card, pad: 'x'.repeat(5000) })}\n\`\`\``), 'E_INPUT_TOO_LARGE'],
      [comment(42, formatBlock('join', { ...keys.card, sign: 'AAAA' })), 'E_INPUT'],
    ] as const) {
      const r = await t.on('note', path);
      expect(r.status).toBe('error');
      expect(r.error?.code).toBe(code);
    }
    expect(await t.snapshot()).toEqual({});
  });
});

describe('signed requests through a comment', () => {
  const joinedPair = async () => {
    const t = setup();
    const a = await generateUserKeys();
    const b = await generateUserKeys();
    await t.joined(42, a);
    await t.joined(43, b);
    return { t, a, b };
  };

  it('serves the named job as the author, under the policies, as a trigger', async () => {
    const { t, a } = await joinedPair();
    const r = await t.on('note', await t.request(42, a, 'note', 'req-1', { key: 'users/42/note', text: 'mine' }));
    expect(r).toMatchObject({ requestId: 'req-1', status: 'ok', output: { user: '42', trigger: 'trigger' }, signed: { user: '42' } });
    expect(await t.store.get('users/42/note')).toBe('mine');
    expect(JSON.parse((await t.store.get('results/req-1'))!)).toMatchObject({ status: 'ok', signed: { user: '42', digest: expect.any(String) } });
  });

  it('refuses a forged signature, an unknown user and a stale time, with nothing written', async () => {
    const { t, a, b } = await joinedPair();
    const before = await t.snapshot();
    const forged = await t.on('note', await t.request(42, b, 'note', 'req-2', { key: 'users/42/note', text: 'forged' }));
    expect(forged).toMatchObject({ status: 'error', error: { code: 'E_SIGNATURE' } });
    const stranger = await t.on('note', await t.request(99, a, 'note', 'req-3', { key: 'users/99/x', text: 'x' }));
    expect(stranger.error?.message).toMatch(/^user 99 has not joined this app/);
    const stale = await t.on('note', await t.request(42, a, 'note', 'req-4', { key: 'users/42/note', text: 'old' }, NOW - 11 * 60_000));
    expect(stale.error?.code).toBe('E_STALE_REQUEST');
    expect(await t.snapshot()).toEqual(before);
  });

  it('serves a replayed request once, and refuses another envelope under the same id', async () => {
    const { t, a } = await joinedPair();
    const path = await t.request(42, a, 'note', 'req-5', { key: 'users/42/n', text: 'once' });
    handled = 0;
    const first = await t.on('note', path);
    const after = await t.snapshot();
    const again = await t.on('note', path, NOW + 60_000);
    expect(again).toEqual(first);
    expect(handled).toBe(1);
    expect(await t.snapshot()).toEqual(after);
    const other = await t.on('note', await t.request(42, a, 'note', 'req-5', { key: 'users/42/n', text: 'twice' }));
    expect(other).toMatchObject({ status: 'error', error: { code: 'E_REPLAY' } });
    expect(await t.store.get('users/42/n')).toBe('once');
  });

  it('a write outside the policy fails with E_POLICY and commits no data', async () => {
    const { t, a } = await joinedPair();
    const r = await t.on('note', await t.request(42, a, 'note', 'req-6', { key: 'users/43/note', text: 'not mine' }));
    expect(r).toMatchObject({ status: 'error', error: { code: 'E_POLICY' } });
    expect(await t.store.get('users/43/note')).toBeUndefined();
    const own = await t.on('note', await t.request(42, a, 'note', 'req-7', { key: 'users/42/keys.json', text: '{}' }));
    expect(own.error?.code).toBe('E_POLICY');
  });

  it('a user cannot read another\'s path', async () => {
    const { t, a, b } = await joinedPair();
    await t.on('note', await t.request(43, b, 'note', 'req-8', { key: 'users/43/secret', text: 's' }));
    const peek = await t.on('peek', await t.request(42, a, 'peek', 'req-9', { key: 'users/43/secret' }));
    expect(peek).toMatchObject({ status: 'error', error: { code: 'E_POLICY', message: expect.stringMatching(/^user 42 may not read "users\/43\/secret"/) } });
    const mine = await t.on('peek', await t.request(43, b, 'peek', 'req-10', { key: 'users/43/secret' }));
    expect(mine).toMatchObject({ status: 'ok', output: { value: 's' } });
  });

  it('another job skips a request not named to it; a plain comment is the handler\'s; an app without policies reads no block', async () => {
    const { t, a } = await joinedPair();
    const path = await t.request(42, a, 'peek', 'req-11', { key: 'users/42/x' });
    const before = await t.snapshot();
    expect(await t.on('note', path)).toMatchObject({ status: 'ok', output: { skipped: expect.stringContaining('for job "peek"') } });
    expect(await t.snapshot()).toEqual(before);
    expect(await t.on('note', comment(42, 'thanks!'))).toMatchObject({ status: 'ok', output: { plain: true, user: null } });
    const open = setup(defineApp({ name: 'open', jobs }));
    expect(await open.on('note', path)).toMatchObject({ status: 'ok', output: { plain: true } });
  });

  it('never starts a session, never runs for another --as-user, and needs the job to declare trigger()', async () => {
    let asked = 0;
    let clock = NOW;
    const queue = { queued: async () => { asked++; return []; }, cancel: async () => false };
    const sessionApp = defineApp({ name: 'live', policies: POLICIES, session: { idleSeconds: 1, maxSeconds: 2 }, jobs: {
      ...jobs,
      bare: defineJob({ on: [event('issue_comment', { from: 'anyone' })], run: () => ({ ran: true }) }),
    } });
    const store = createStore(memoryDriver());
    const keys = await generateUserKeys();
    const on = (job: string, path: string, env: Record<string, string> = {}) => runJob(sessionApp, job, {
      env: { GFA_REMOTE: 'mem', GFA_TRIGGER: 'event', GFA_EVENT: 'issue_comment', GFA_EVENT_PATH: path, ...env },
      openStore: async () => store as unknown as RuntimeStore, write: () => {}, now: () => NOW,
      session: { queue, clock: { now: () => clock, sleep: async (ms) => { clock += ms; } }, pollMs: 1 },
    });
    await on('note', comment(42, formatBlock('join', joinMessage(keys))));
    const sign = async (job: string, requestId: string, input: unknown) => comment(42, formatBlock('request', await signRequest(keys, { job, requestId, time: NOW, input })));
    expect(await on('note', await sign('note', 'live-1', { key: 'users/42/a', text: 'a' }))).toMatchObject({ status: 'ok', output: { user: '42' } });
    expect(asked).toBe(0);
    const other = await on('note', await sign('note', 'live-2', { key: 'users/42/b', text: 'b' }), { GFA_AS_USER: '43' });
    expect(other).toMatchObject({ status: 'error', error: { code: 'E_INPUT', message: 'GFA_AS_USER is 43 but the request is signed by user 42' } });
    const bare = await on('bare', await sign('bare', 'live-3', null));
    expect(bare).toMatchObject({ status: 'error', error: { code: 'E_INPUT', message: expect.stringMatching(/does not run on trigger/) } });
    expect(await store.get('results/live-2')).toBeUndefined();
    expect(await store.get('results/live-3')).toBeUndefined();
  });

  it('reads GitLab note hooks the same way: user.id, and the note\'s author_id', async () => {
    const store = createStore(memoryDriver());
    const keys = await generateUserKeys();
    const note = (user: unknown, text: string, author: unknown = user) => {
      const path = join(dir, `note-${files++}.json`);
      writeFileSync(path, JSON.stringify({ object_kind: 'note', user: { id: user, username: 'alice' }, object_attributes: { note: text, author_id: author, noteable_type: 'Issue' } }));
      return path;
    };
    const on = (path: string) => runJob(app, 'note', { env: { GFA_REMOTE: 'mem', CI_PIPELINE_SOURCE: 'trigger', TRIGGER_PAYLOAD: path }, openStore: async () => store as unknown as RuntimeStore, write: () => {}, now: () => NOW });
    expect(await on(note(7, formatBlock('join', joinMessage(keys))))).toMatchObject({ status: 'ok', output: { user: '7', keys: 'bound' } });
    const req = formatBlock('request', await signRequest(keys, { job: 'note', requestId: 'gl-1', time: NOW, input: { key: 'users/7/n', text: 'from gitlab' } }));
    expect(await on(note(8, req, 7))).toMatchObject({ status: 'error', error: { code: 'E_UNTRUSTED' } });
    expect(await on(note(7, req))).toMatchObject({ status: 'ok', output: { user: '7' } });
    expect(await store.get('users/7/n')).toBe('from gitlab');
  });
});
