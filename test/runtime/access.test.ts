import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessCheck } from '../../framework/runtime/access.ts';

/**
 * The forges' permission APIs, as their docs and GitHub's OpenAPI description answer them
 * (`repository-collaborator-permission`: permission, role_name, user; GitLab's member: access_level),
 * served on 127.0.0.1 so the check goes over real HTTP.
 */
const seen: { url: string; auth: string | undefined }[] = [];
let server: Server;
let base = '';
const GITHUB: Record<string, string> = { owner: 'admin', maint: 'write', reader: 'read', orgmember: 'read', triager: 'read' };
const GITLAB: Record<string, number> = { '5': 50, '6': 30, '7': 10 };

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res) => {
    seen.push({ url: req.url ?? '', auth: req.headers.authorization ?? req.headers['private-token']?.toString() });
    const gh = /^\/api\/v3\/repos\/o\/r\/collaborators\/([^/]+)\/permission$/.exec(req.url ?? '');
    const gl = /^\/api\/v4\/projects\/42\/members\/all\/(\d+)$/.exec(req.url ?? '');
    const send = (status: number, body: unknown) => { res.writeHead(status, { 'content-type': 'application/json' }); res.end(JSON.stringify(body)); };
    if (req.url === '/api/v3/repos/o/r/collaborators/flaky/permission') return send(502, {});
    if (gh && req.headers.authorization === 'Bearer ghs_job') {
      const p = GITHUB[decodeURIComponent(gh[1]!)];
      return p ? send(200, { permission: p, role_name: p === 'write' ? 'maintain' : p, user: { login: gh[1] } }) : send(404, { message: 'Not Found' });
    }
    if (gl && req.headers['private-token'] === 'glpat') {
      const level = GITLAB[gl[1]!];
      return level ? send(200, { id: Number(gl[1]), access_level: level }) : send(404, { message: '404 Not found' });
    }
    send(401, { message: 'Bad credentials' });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('who can push is asked of the forge, not read from the payload', () => {
  const github = () => accessCheck({ GITHUB_ACTIONS: 'true', GITHUB_TOKEN: 'ghs_job', GITHUB_REPOSITORY: 'o/r', GITHUB_API_URL: `${base}/api/v3` });

  it("GitHub: admin and write (maintain) can push; an organisation member or collaborator with read cannot, whatever author_association claims", async () => {
    const check = github();
    expect(await check({ login: 'owner', association: 'OWNER', trusted: false })).toEqual({ trusted: true, relation: 'a collaborator with admin permission' });
    expect((await check({ login: 'maint', trusted: false })).trusted).toBe(true);
    expect(await check({ login: 'orgmember', association: 'MEMBER', trusted: false })).toEqual({ trusted: false, relation: 'a collaborator with read permission' });
    expect((await check({ login: 'reader', association: 'COLLABORATOR', trusted: false })).trusted).toBe(false);
    expect(await check({ login: 'stranger', association: 'OWNER', trusted: false })).toEqual({ trusted: false, relation: 'not a collaborator' });
    expect(seen.at(-1)).toEqual({ url: '/api/v3/repos/o/r/collaborators/stranger/permission', auth: 'Bearer ghs_job' });
  });

  it('GitHub: a login is sent as one path segment; no answer, a bad answer or no token is "cannot push"', async () => {
    expect((await github()({ login: '../../x', trusted: false })).trusted).toBe(false);
    expect(seen.at(-1)!.url).toBe('/api/v3/repos/o/r/collaborators/..%2F..%2Fx/permission');
    expect(await github()({ login: 'flaky', trusted: false })).toEqual({ trusted: false, relation: 'of unknown permission (GitHub answered HTTP 502)' });
    expect((await accessCheck({ GITHUB_ACTIONS: 'true', GITHUB_REPOSITORY: 'o/r' })({ login: 'owner', association: 'OWNER', trusted: false })).trusted).toBe(false);
    const down = accessCheck({ GITHUB_ACTIONS: 'true', GITHUB_TOKEN: 't', GITHUB_REPOSITORY: 'o/r', GITHUB_API_URL: 'http://127.0.0.1:9' });
    expect((await down({ login: 'owner', trusted: false })).relation).toMatch(/^of unknown permission \(\w+ asking GitHub\)$/);
    expect((await github()({ trusted: false })).trusted).toBe(false);
  });

  it("GitLab: the member's access level with GFA_PUSH_TOKEN; a payload's claimed level is ignored; without the token nobody is trusted", async () => {
    const env = { GITLAB_CI: 'true', CI_API_V4_URL: `${base}/api/v4`, CI_PROJECT_ID: '42', GFA_PUSH_TOKEN: 'glpat' };
    const check = accessCheck(env);
    expect(await check({ login: 'dev', id: 6, trusted: false })).toEqual({ trusted: true, relation: 'a member with access level 30' });
    expect(await check({ login: 'guest', id: 7, accessLevel: 50, trusted: false })).toEqual({ trusted: false, relation: 'a member with access level 10' });
    expect(await check({ login: 'nobody', id: 99, accessLevel: 50, trusted: false })).toEqual({ trusted: false, relation: 'not a member' });
    expect((await check({ login: 'no-id', accessLevel: 50, trusted: false })).trusted).toBe(false);
    const noToken = accessCheck({ GITLAB_CI: 'true', CI_API_V4_URL: `${base}/api/v4`, CI_PROJECT_ID: '42', CI_JOB_TOKEN: 'job' });
    expect(await noToken({ login: 'owner', id: 5, accessLevel: 50, trusted: false })).toMatchObject({ trusted: false, relation: expect.stringMatching(/set GFA_PUSH_TOKEN with read_api/) });
  });

  it('locally (gfa run, the embedded forge) the payload is the user\'s own file and its claims stand', async () => {
    const local = accessCheck({});
    expect((await local({ login: 'me', association: 'COLLABORATOR', trusted: false })).trusted).toBe(true);
    expect((await local({ login: 'x', association: 'NONE', trusted: false })).trusted).toBe(false);
    expect((await local({ login: 'dev', accessLevel: 30, trusted: false })).trusted).toBe(true);
  });
});
