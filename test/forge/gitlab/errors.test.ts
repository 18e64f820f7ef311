/**
 * GitLab's answers in gfa's failure lines, whatever their shape: Grape's `{"error": …}`, GitLab's
 * `{"message": …}` and its per-field `{"message": {"cron": [...]}}`, through both GitLab paths (the
 * CLI's gitbeaker client and the browser-safe trigger call).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gitlabApi } from '../../../framework/forge/gitlab/api.ts';
import { postTrigger } from '../../../framework/forge/gitlab/client.ts';

let server: Server;
let url = '';
let answer: { status: number; body: unknown } = { status: 400, body: {} };
beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((ok) => server.close(() => ok())));

async function viaGitbeaker(): Promise<string> {
  const gl = await gitlabApi({ project: 'g/p', token: 'glpat-test', url });
  try {
    await gl.write('updating schedule gfa:x', () => gl.api.PipelineSchedules.edit(gl.project, 1, { cron: 'x' } as never));
  } catch (err) {
    return (err as Error).message;
  }
  return 'no error';
}

describe('GitLab error messages', () => {
  it('shows Grape\'s {"error": …} (the CLI path said a bare "GitLab answered 400")', async () => {
    answer = { status: 400, body: { error: 'inputs[0][value] is missing' } };
    expect(await viaGitbeaker()).toBe('GitLab answered 400 while updating schedule gfa:x: inputs[0][value] is missing');
  });

  it('shows per-field messages and GitLab\'s {"message": "…"}', async () => {
    answer = { status: 400, body: { message: { cron: ['is invalid'], base: ['Reference not found'] } } };
    expect(await viaGitbeaker()).toBe('GitLab answered 400 while updating schedule gfa:x: cron is invalid; Reference not found');
    answer = { status: 403, body: { message: 'You are not allowed to upload code' } };
    expect(await viaGitbeaker()).toMatch(/^GitLab refused updating schedule gfa:x \(403: You are not allowed to upload code\): /);
    answer = { status: 403, body: { message: '403 Forbidden' } };
    expect(await viaGitbeaker()).toMatch(/^GitLab refused updating schedule gfa:x \(403\): /);
  });

  it('shows {"error": …} on the trigger call the page makes', async () => {
    answer = { status: 400, body: { error: 'token is missing' } };
    const err = await postTrigger({ url, project: 'g/p' }, '', 'main', { job: 'fetch-feeds', requests: [{ requestId: 'r1', input: {} }] }).catch((e: Error) => e);
    expect((err as Error).message).toBe('GitLab refused the trigger of job "fetch-feeds" (HTTP 400: token is missing)');
  });
});
