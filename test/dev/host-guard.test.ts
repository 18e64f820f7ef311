/**
 * The forge doubles answer only their own names (issue 19): a page whose own name resolves to
 * 127.0.0.1 (DNS rebinding) sends its own `Host` and gets 421 from the API, the git remote and the
 * Pages site of `gfa dev --as github|gitlab`; `hosts` (`gfa dev --host`) adds a name.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GitlabDev } from '../../framework/dev/gitlab/server.ts';
import { startGithubEmulator, type GithubEmulator } from '../../framework/dev/github/server.ts';
import { startEmulator } from '../forge/gitlab/helpers.ts';

function get(url: string, host?: string): Promise<{ status: number; body: string; acao?: string }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, path: u.pathname + u.search, headers: host ? { host } : {} }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, ...(res.headers['access-control-allow-origin'] ? { acao: String(res.headers['access-control-allow-origin']) } : {}) }));
    });
    req.on('error', reject);
    req.end();
  });
}

let gh: GithubEmulator;
let gl: GitlabDev;
beforeAll(async () => {
  gh = await startGithubEmulator({ hosts: ['gfa.test'] });
  await gh.addRepo('owner/app', { visibility: 'public' });
  gl = await startEmulator({ pipelines: false });
}, 60_000);
afterAll(async () => {
  await gh?.close();
  await gl?.close();
});

describe('the doubles refuse a foreign Host', () => {
  it('GitHub double: API, git and Pages answer 421 to rebinding.example, and as before to their own names', async () => {
    const port = new URL(gh.url).port;
    for (const url of [`${gh.apiUrl}/repos/owner/app`, `${gh.url}/owner/app.git/info/refs?service=git-upload-pack`, `${gh.pagesUrl}/owner/app/`]) {
      const foreign = await get(url, `rebinding.example:${new URL(url).port}`);
      expect(foreign.status, url).toBe(421);
      expect(foreign.acao, url).toBeUndefined();
      expect(JSON.parse(foreign.body).message).toMatch(/answers only for 127\.0\.0\.1:\d+, localhost:\d+/);
    }
    expect((await get(`${gh.apiUrl}/repos/owner/app`)).status).toBe(200);
    expect((await get(`${gh.apiUrl}/repos/owner/app`, `localhost:${port}`)).status).toBe(200);
    expect((await get(`${gh.apiUrl}/repos/owner/app`, 'gfa.test')).status).toBe(200);
  });

  it('GitLab double: API, git and Pages answer 421 to rebinding.example', async () => {
    const project = encodeURIComponent(gl.project);
    for (const url of [`${gl.apiUrl}/projects/${project}`, `${gl.url}/${gl.project}.git/info/refs?service=git-upload-pack`, gl.pagesUrl]) {
      const foreign = await get(url, `rebinding.example:${new URL(url).port}`);
      expect(foreign.status, url).toBe(421);
    }
    expect((await get(`${gl.apiUrl}/projects/${project}`)).status).toBe(200);
  });
});
