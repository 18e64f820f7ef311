/** runJob in process against the memory driver: the rules that need no git. */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineApp, defineJob, event, schedule, trigger } from '../../framework/index.ts';
import { runJob, type RuntimeStore } from '../../framework/runtime/run.ts';
import { memoryDriver } from '../../framework/store/drivers/memory.ts';
import { createStore } from '../../framework/store/store.ts';

function setup(app: ReturnType<typeof defineApp>) {
  const driver = memoryDriver();
  const store = createStore(driver);
  const opened: string[] = [];
  const lines: string[] = [];
  const run = (job: string, env: Record<string, string | undefined> = {}, crash?: Promise<never>) =>
    runJob(app, job, {
      env: { GFA_REMOTE: 'mem', ...env },
      openStore: async (o) => {
        opened.push(o.remote);
        return { transaction: store.transaction, close: async () => {} } as RuntimeStore;
      },
      write: (l) => lines.push(l),
      ...(crash ? { crash } : {}),
    });
  const keys = async () => (await store.list('')).sort();
  const get = (k: string) => store.get(k);
  let commits = 0;
  const counting = store.transaction;
  store.transaction = (async (fn: Parameters<typeof counting>[0], o?: Parameters<typeof counting>[1]) => {
    commits++;
    return counting(fn, o);
  }) as typeof counting;
  const seed = (ks: string[]) => store.transaction(async (tx) => ks.forEach((k) => tx.set(k, '{}')));
  return { run, keys, get, lines, opened, seed, commits: () => commits };
}

const app = defineApp({
  name: 't',
  jobs: {
    big: defineJob({ on: [trigger()], run: (ctx) => { ctx.kv.set('k', 'v'); return { n: 10n } as unknown; } }),
    none: defineJob({ on: [trigger()], run: () => undefined }),
    tick: defineJob({ on: [schedule('* * * * *')], run: () => 'ticked' }),
    hang: defineJob({ on: [trigger()], run: (ctx) => { ctx.kv.set('k', 'v'); return new Promise(() => {}); } }),
    leak: defineJob({ on: [trigger()], secrets: ['API_KEY'], run: (ctx) => { throw new Error(`bad key ${ctx.secrets.API_KEY}\nsecond line`); } }),
  },
});

describe('runJob', () => {
  it('an output that is not JSON is an error result and no data', async () => {
    const t = setup(app);
    const r = await t.run('big', { GFA_REQUEST_ID: 'b1' });
    expect(r).toMatchObject({ status: 'error', error: { code: 'E_JOB_FAILED' } });
    expect(await t.keys()).toEqual(['results/b1']);
  });

  it('undefined output is stored as null; result keys in a stable order', async () => {
    const t = setup(app);
    const r = await t.run('none', { GFA_REQUEST_ID: 'n1' });
    expect(Object.keys(r)).toEqual(['job', 'requestId', 'status', 'output', 'startedAt', 'finishedAt']);
    expect(JSON.parse((await t.get('results/n1')) as string)).toMatchObject({ status: 'ok', output: null });
  });

  it('a schedule-only job refuses a trigger; a trigger refuses no input schema mismatch', async () => {
    const t = setup(app);
    expect((await t.run('tick')).error?.message).toMatch(/does not run on trigger/);
    expect(await t.run('tick', { GFA_TRIGGER: 'schedule', GFA_SCHEDULE: '* * * * *' })).toMatchObject({ status: 'ok', output: 'ticked' });
  });

  it('a crash while the handler runs still records an error result', async () => {
    const t = setup(app);
    let crash: (e: unknown) => void = () => {};
    const crashed = new Promise<never>((_, reject) => { crash = reject; });
    const pending = t.run('hang', { GFA_REQUEST_ID: 'h1' }, crashed);
    setTimeout(() => crash(new Error('uncaught in a timer')), 20);
    expect(await pending).toMatchObject({ status: 'error', error: { code: 'E_JOB_FAILED', message: 'Error: uncaught in a timer' } });
    expect(await t.keys()).toEqual(['results/h1']);
  });

  it('error messages are one line with secrets masked', async () => {
    const t = setup(app);
    const r = await t.run('leak', { API_KEY: 'k-123456' });
    expect(r.error).toEqual({ code: 'E_JOB_FAILED', message: 'Error: bad key ***' });
    expect(t.lines.join('')).not.toContain('k-123456');
  });

  it('an unknown job or a wrong GFA_JOB is refused', async () => {
    const t = setup(app);
    await expect(t.run('nope')).rejects.toThrow(/no job "nope" \(jobs: big, none, tick, hang, leak\)/);
    expect((await t.run('none', { GFA_JOB: 'tick' })).error?.message).toMatch(/run dist\/jobs\/tick\.mjs/);
  });
});

describe('results retention', () => {
  const day = 24 * 60 * 60 * 1000;
  const idAt = (ms: number, rest = 'abcDEF123_') => `${ms.toString(36).padStart(9, '0')}-${rest}`;

  it('a run removes results over a week old (by the time in their ids) in its own commit, keeping any other', async () => {
    const t = setup(app);
    const now = Date.now();
    const old = idAt(now - 8 * day);
    const recent = idAt(now - 6 * day);
    const seeded = ['results/custom-id', `results/${old}`, `results/${recent}`, 'results/0zzzzzzzz-future', 'k-outside'];
    await t.seed(seeded);
    const r = await t.run('none', { GFA_REQUEST_ID: idAt(now, 'new') });
    expect(r.status).toBe('ok');
    expect(await t.keys()).toEqual(['k-outside', 'results/0zzzzzzzz-future', `results/${idAt(now, 'new')}`, `results/${recent}`, 'results/custom-id'].sort());
    expect(t.commits()).toBe(2); // the seed, then the run: the removal is in the run's commit
  });

  it('an error result prunes too', async () => {
    const t = setup(app);
    const old = idAt(Date.now() - 30 * day);
    await t.seed([`results/${old}`]);
    expect((await t.run('tick')).status).toBe('error');
    expect(await t.keys()).not.toContain(`results/${old}`);
  });
});

describe('event jobs and strangers', () => {
  const seen: string[] = [];
  const events = defineApp({
    name: 'ev',
    jobs: {
      triage: defineJob({ on: [event('issue_comment')], run: (ctx) => { seen.push('triage'); ctx.kv.set('triaged', '1'); return ctx.trigger.kind === 'event' ? ctx.trigger.actor : null; } }),
      guestbook: defineJob({ on: [event('issue_comment', { from: 'anyone' })], run: (ctx) => { seen.push('guestbook'); return ctx.trigger.kind === 'event' ? ctx.trigger.actor : null; } }),
    },
  });
  const dir = mkdtempSync(join(tmpdir(), 'gfa-events-'));
  const comment = (login: string, association: string) => {
    const path = join(dir, `${login}.json`);
    writeFileSync(path, JSON.stringify({ action: 'created', comment: { body: 'run it', user: { login }, author_association: association }, issue: { number: 1 }, sender: { login } }));
    return { GITHUB_EVENT_NAME: 'issue_comment', GITHUB_EVENT_PATH: path };
  };

  it('an issue comment by a stranger is refused by a collaborators-only job before the handler runs, with no commit', async () => {
    const t = setup(events);
    seen.length = 0;
    const r = await t.run('triage', comment('stranger', 'NONE'));
    expect(r).toMatchObject({ status: 'error', error: { code: 'E_UNTRUSTED' } });
    expect(r.error!.message).toContain("event('issue_comment', { from: 'anyone' })");
    expect(seen).toEqual([]);
    expect(await t.keys()).toEqual([]);
    expect(t.commits()).toBe(0);
    expect(t.lines.join('')).toMatch(/stranger is NONE/);
  });

  it('a collaborator runs it, and a job opened to anyone runs for the stranger and sees who it was', async () => {
    const t = setup(events);
    seen.length = 0;
    expect(await t.run('triage', comment('maintainer', 'COLLABORATOR'))).toMatchObject({ status: 'ok', output: { login: 'maintainer', association: 'COLLABORATOR', trusted: true } });
    expect(await t.run('guestbook', comment('stranger', 'NONE'))).toMatchObject({ status: 'ok', output: { login: 'stranger', association: 'NONE', trusted: false } });
    expect(seen).toEqual(['triage', 'guestbook']);
    rmSync(dir, { recursive: true, force: true });
  });

  it("on GitHub Actions the forge's permission API decides: an organisation MEMBER with read access is refused, a writer runs", async () => {
    const { createServer } = await import('node:http');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(dir, { recursive: true });
    const perms: Record<string, string> = { orgmember: 'read', maint: 'write' };
    const server = createServer((req, res) => {
      const login = /\/repos\/o\/r\/collaborators\/([^/]+)\/permission$/.exec(req.url ?? '')?.[1];
      const p = login === undefined ? undefined : perms[login];
      res.writeHead(p ? 200 : 404, { 'content-type': 'application/json' });
      res.end(JSON.stringify(p ? { permission: p, role_name: p, user: { login } } : { message: 'Not Found' }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const api = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const onActions = { GITHUB_ACTIONS: 'true', GITHUB_REPOSITORY: 'o/r', GITHUB_TOKEN: 'ghs_x', GITHUB_API_URL: api };
    try {
      const t = setup(events);
      seen.length = 0;
      const refused = await t.run('triage', { ...comment('orgmember', 'MEMBER'), ...onActions });
      expect(refused).toMatchObject({ status: 'error', error: { code: 'E_UNTRUSTED', message: expect.stringContaining('orgmember is a collaborator with read permission') } });
      expect(seen).toEqual([]);
      expect(t.commits()).toBe(0);
      expect(await t.run('triage', { ...comment('maint', 'CONTRIBUTOR'), ...onActions })).toMatchObject({ status: 'ok', output: { login: 'maint', trusted: true } });
      expect(seen).toEqual(['triage']);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  it('event() defaults to collaborators and refuses an unknown audience', () => {
    expect(event('issues')).toEqual({ kind: 'event', name: 'issues', from: 'collaborators' });
    expect(() => event('issues', { from: 'everyone' as 'anyone' })).toThrow(/use 'collaborators'/);
  });
});
