/**
 * `gfa trigger --forge gitlab` on the GitLab emulator (a test double, not GitLab) with pipelines run
 * by gitlab-ci-local: the request carries `inputs` {job, request_id, input (base64url JSON)} and never
 * `variables`, with the token in the body; `--wait` prints the job's result.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { GitlabDev } from '../../../framework/dev/gitlab/server.ts';
import { gitlabDeploy, gitlabTrigger } from '../../../framework/forge/gitlab/cli.ts';
import { APP_DIR, capture, KDF, startEmulator } from './helpers.ts';

let gl: GitlabDev;
let env: Record<string, string>;
let dataKey: string;

beforeAll(async () => {
  gl = await startEmulator();
  env = { GITLAB_TOKEN: gl.token, GITLAB_URL: gl.url };
  const passFile = join(mkdtempSync(join(tmpdir(), 'gfa-gl-pass-')), 'passphrase');
  writeFileSync(passFile, 'trigger passphrase\n');
  await gitlabDeploy({ appDir: APP_DIR, repo: gl.project, passphraseFile: passFile, kdf: KDF }, env, capture().io);
  dataKey = gl.state.project.variables.find((v) => v.key === 'GFA_SECRET_KEY')!.value;
}, 60_000);
afterAll(() => gl?.close());

describe('gfa trigger --forge gitlab', () => {
  it('sends inputs only, never variables, and --wait prints the result', async () => {
    const bodies: string[] = [];
    const urls: string[] = [];
    const real = globalThis.fetch;
    const spy = vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
      const url = input instanceof Request ? input.url : String(input);
      if (url.includes('/trigger/pipeline')) urls.push(url);
      if (url.includes('/trigger/pipeline')) bodies.push(input instanceof Request ? await input.clone().text() : String(init?.body ?? ''));
      return real(input, init);
    });
    const c = capture();
    let code: number;
    try {
      code = await gitlabTrigger({ appDir: APP_DIR, repo: gl.project, job: 'mark-read', input: '{"feedId":"0123456789","all":true}', wait: true, timeout: 60 }, { ...env, GFA_SECRET_KEY: dataKey }, c.io);
    } finally {
      spy.mockRestore();
    }
    expect(bodies).toHaveLength(1);
    // The token travels in the body, never in the URL (which proxies and logs keep).
    expect(urls[0]).not.toMatch(/token|glptt/);
    const sent = JSON.parse(bodies[0]!) as Record<string, unknown>;
    expect(sent).not.toHaveProperty('variables');
    const inputs = sent.inputs as Record<string, string>;
    expect(Object.keys(inputs).sort()).toEqual(['input', 'job', 'request_id']);
    expect(inputs.job).toBe('mark-read');
    expect(JSON.parse(Buffer.from(inputs.input!, 'base64url').toString('utf8'))).toEqual({ feedId: '0123456789', all: true });
    const result = JSON.parse(c.out.join('')) as { job: string; requestId: string; status: string };
    expect(result).toMatchObject({ job: 'mark-read', requestId: inputs.request_id });
    expect(code).toBe(result.status === 'ok' ? 0 : 1);
    const pipeline = gl.state.project.pipelines.at(-1)!;
    // mark-read of a feed that does not exist is the job's error: its result says so and the job fails.
    expect(result.status).toBe('error');
    expect(pipeline).toMatchObject({ source: 'trigger', status: 'failed', jobs: ['gfa-mark-read'] });
    expect(c.err.join('')).not.toContain(gl.state.project.triggers[0]!.token);
  });

  it('refuses a job that cannot be triggered', async () => {
    await expect(gitlabTrigger({ appDir: APP_DIR, repo: gl.project, job: 'nope' }, env, capture().io)).rejects.toMatchObject({ code: 'E_USAGE' });
  });
});
