import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTrigger } from '../../framework/runtime/trigger.ts';
import { resolveRemote, sensitiveEnvValues } from '../../framework/runtime/remote.ts';
import { createLog, maskSecrets } from '../../framework/runtime/log.ts';
import { newRequestId, isRequestId } from '../../framework/contract.ts';

let dir: string;
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'gfa-trigger-')); });
afterAll(() => rm(dir, { recursive: true, force: true }));

async function file(name: string, value: unknown): Promise<string> {
  const p = join(dir, name);
  await writeFile(p, JSON.stringify(value));
  return p;
}

describe('readTrigger', () => {
  it('GFA_* variables win, with JSON or base64url input', () => {
    expect(readTrigger({ GFA_TRIGGER: 'trigger', GFA_JOB: 'a', GFA_REQUEST_ID: 'r1', GFA_INPUT: '{"x":1}', GITHUB_EVENT_NAME: 'schedule' }))
      .toEqual({ job: 'a', requestId: 'r1', trigger: { kind: 'trigger' }, input: { text: '{"x":1}' } });
    const b64 = Buffer.from('{"y":2}').toString('base64url');
    expect(readTrigger({ GFA_TRIGGER: 'trigger', GFA_INPUT_B64: b64 }).input).toEqual({ text: '{"y":2}' });
    expect(readTrigger({ GFA_TRIGGER: 'schedule', GFA_SCHEDULE: '0 * * * *' }).trigger).toEqual({ kind: 'schedule', cron: '0 * * * *' });
    expect(() => readTrigger({ GFA_TRIGGER: 'cron' })).toThrow(/use schedule, trigger or event/);
  });

  it('GFA_TRIGGER=event reads GFA_EVENT and the payload file', async () => {
    const p = await file('ev.json', { issue: { number: 3 } });
    expect(readTrigger({ GFA_TRIGGER: 'event', GFA_EVENT: 'issues', GFA_EVENT_PATH: p }).trigger).toEqual({ kind: 'event', name: 'issues', payload: { issue: { number: 3 } }, actor: { trusted: false } });
  });

  it('GitHub: workflow_dispatch, repository_dispatch, schedule, other events', async () => {
    const wd = await file('wd.json', { inputs: { request_id: 'w1', input: '[1]' } });
    expect(readTrigger({ GITHUB_EVENT_NAME: 'workflow_dispatch', GITHUB_EVENT_PATH: wd })).toEqual({ requestId: 'w1', trigger: { kind: 'trigger' }, input: { text: '[1]' } });
    const rd = await file('rd.json', { client_payload: { request_id: 'r2', input: { a: 1 } } });
    expect(readTrigger({ GITHUB_EVENT_NAME: 'repository_dispatch', GITHUB_EVENT_PATH: rd })).toEqual({ requestId: 'r2', trigger: { kind: 'trigger' }, input: { value: { a: 1 } } });
    const sc = await file('sc.json', { schedule: '*/5 * * * *' });
    expect(readTrigger({ GITHUB_EVENT_NAME: 'schedule', GITHUB_EVENT_PATH: sc }).trigger).toEqual({ kind: 'schedule', cron: '*/5 * * * *' });
    const ic = await file('ic.json', { comment: { body: '$(rm -rf /)' } });
    expect(readTrigger({ GITHUB_EVENT_NAME: 'issue_comment', GITHUB_EVENT_PATH: ic }).trigger).toEqual({ kind: 'event', name: 'issue_comment', payload: { comment: { body: '$(rm -rf /)' } }, actor: { trusted: false } });
    const bad = join(dir, 'bad.json');
    await writeFile(bad, '{');
    expect(() => readTrigger({ GITHUB_EVENT_NAME: 'issues', GITHUB_EVENT_PATH: bad })).toThrow(/cannot read GITHUB_EVENT_PATH/);
  });

  it('GitLab: schedule, trigger inputs, webhook payloads', async () => {
    expect(readTrigger({ CI_PIPELINE_SOURCE: 'schedule', GFA_SCHEDULE: '0 0 * * *' }).trigger).toEqual({ kind: 'schedule', cron: '0 0 * * *' });
    const b64 = Buffer.from('{"by":2}').toString('base64url');
    expect(readTrigger({ CI_PIPELINE_SOURCE: 'trigger', GFA_REQUEST_ID: 'g1', GFA_INPUT_B64: b64 })).toEqual({ requestId: 'g1', trigger: { kind: 'trigger' }, input: { text: '{"by":2}' } });
    const hook = await file('hook.json', { object_kind: 'issue', object_attributes: { iid: 4 } });
    expect(readTrigger({ CI_PIPELINE_SOURCE: 'trigger', TRIGGER_PAYLOAD: hook }).trigger).toMatchObject({ kind: 'event', name: 'issues' });
  });
});

describe('the actor of a forge event', () => {
  const comment = (login: string, association: string, sender = login) => ({
    action: 'created',
    comment: { body: 'hi', user: { login }, author_association: association },
    issue: { number: 1, user: { login: 'someone' }, author_association: 'OWNER' },
    sender: { login: sender },
  });
  const gh = async (event: string, payload: unknown) => {
    const trigger = readTrigger({ GITHUB_EVENT_NAME: event, GITHUB_EVENT_PATH: await file(`${event}.json`, payload) }).trigger;
    return trigger.kind === 'event' ? trigger.actor : undefined;
  };

  it("GitHub: the sender, with the comment's author_association kept as a claim; the payload decides no trust", async () => {
    expect(await gh('issue_comment', comment('stranger', 'NONE'))).toEqual({ login: 'stranger', association: 'NONE', trusted: false });
    expect(await gh('issue_comment', comment('drive-by', 'CONTRIBUTOR'))).toMatchObject({ association: 'CONTRIBUTOR', trusted: false });
    // MEMBER and COLLABORATOR do not imply push access: the forge is asked (runtime/access.ts).
    for (const a of ['OWNER', 'MEMBER', 'COLLABORATOR']) expect(await gh('issue_comment', comment('friend', a))).toEqual({ login: 'friend', association: a, trusted: false });
    // The issue's association describes its author, not a different sender.
    expect(await gh('issues', { action: 'edited', issue: { user: { login: 'owner' }, author_association: 'OWNER' }, sender: { login: 'stranger', id: 7 } })).toEqual({ login: 'stranger', id: 7, trusted: false });
    // A forged association on a comment by someone else is not kept.
    expect(await gh('issue_comment', comment('owner', 'OWNER', 'stranger'))).toEqual({ login: 'stranger', trusted: false });
  });

  it('GitLab: the username and id, and an access level only as the payload claims it; never trusted from it', async () => {
    const hook = async (payload: unknown) => {
      const t = readTrigger({ CI_PIPELINE_SOURCE: 'trigger', TRIGGER_PAYLOAD: await file('gl.json', payload) }).trigger;
      return t.kind === 'event' ? t.actor : undefined;
    };
    expect(await hook({ object_kind: 'note', user: { username: 'someone', id: 12 } })).toEqual({ login: 'someone', id: 12, trusted: false });
    // Anyone holding the trigger token writes TRIGGER_PAYLOAD: a claimed Developer level decides nothing.
    expect(await hook({ object_kind: 'note', user: { username: 'dev', access_level: 30 } })).toEqual({ login: 'dev', accessLevel: 30, trusted: false });
  });
});

describe('resolveRemote', () => {
  it('GFA_REMOTE, then GitHub, then GitLab', () => {
    expect(resolveRemote({ GFA_REMOTE: '/x.git', GITHUB_REPOSITORY: 'o/r' })).toBe('/x.git');
    expect(resolveRemote({ GITHUB_REPOSITORY: 'o/r', GITHUB_SERVER_URL: 'https://github.com', GITHUB_TOKEN: 't/k' })).toBe('https://x-access-token:t%2Fk@github.com/o/r.git');
    expect(resolveRemote({ CI_SERVER_URL: 'https://gitlab.com', CI_PROJECT_PATH: 'g/p', CI_JOB_TOKEN: 'j', GFA_PUSH_TOKEN: 'p' })).toBe('https://oauth2:p@gitlab.com/g/p.git');
    expect(resolveRemote({ CI_SERVER_URL: 'https://gitlab.com', CI_PROJECT_PATH: 'g/p', CI_JOB_TOKEN: 'jobtok' })).toBe('https://gitlab-ci-token:jobtok@gitlab.com/g/p.git');
    expect(() => resolveRemote({})).toThrow(/set GFA_REMOTE/);
  });

  it('knows which values to mask', () => {
    const v = sensitiveEnvValues({ GFA_SECRET_KEY: 'aaaa1111,bbbb2222', GITHUB_TOKEN: 'ghs_xyz', GFA_REMOTE: 'https://u:pass1234@h/r.git' });
    expect(v).toEqual(expect.arrayContaining(['aaaa1111', 'bbbb2222', 'ghs_xyz', 'pass1234']));
  });
});

describe('log and ids', () => {
  it('masks secrets, longest first', () => {
    expect(maskSecrets('a sekret and sekret-long', ['sekret', 'sekret-long'])).toBe('a *** and ***');
    const lines: string[] = [];
    createLog(['hunter22'], (l) => lines.push(l)).warn('pw', { p: 'hunter22' });
    expect(lines).toEqual(["warn  pw { p: '***' }\n"]);
  });

  it('masks URL-encoded and base64 forms of each secret', () => {
    const secret = 'p@ss/word+1=';
    const text = [secret, encodeURIComponent(secret), Buffer.from(secret).toString('base64'), Buffer.from(secret).toString('base64url'), Buffer.from(secret).toString('base64').replace(/=+$/, '')].join(' | ');
    expect(maskSecrets(`x ${text} y`, [secret])).toBe('x *** | *** | *** | *** | *** y');
  });

  it('generates time-sortable valid request ids', () => {
    const a = newRequestId({ now: 1_000 });
    const b = newRequestId({ now: 2_000_000_000_000 });
    expect(isRequestId(a) && isRequestId(b)).toBe(true);
    expect(a < b).toBe(true);
    expect(isRequestId('a/b')).toBe(false);
  });
});
