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
import { gfaGitlab, startEmulator } from './helpers.ts';

let gl: GitlabDev;
let dataKey: string;

beforeAll(async () => {
  gl = await startEmulator();
  const passFile = join(mkdtempSync(join(tmpdir(), 'gfa-gl-pass-')), 'passphrase');
  writeFileSync(passFile, 'trigger pelican marble snowfall tundra whisk\n');
  const deployed = await gfaGitlab(gl, 'deploy', ['--passphrase-file', passFile, '--yes']);
  expect(deployed.code, deployed.stderr).toBe(0);
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
    let c;
    try {
      c = await gfaGitlab(gl, 'trigger mark-read', ['--input', '{"feedId":"0123456789","all":true}', '--wait', '--timeout', '60'], { GFA_SECRET_KEY: dataKey });
    } finally {
      spy.mockRestore();
    }
    expect(bodies).toHaveLength(1);
    // The token travels in the body, never in the URL (which proxies and logs keep).
    expect(urls[0]).not.toMatch(/token|glptt/);
    const sent = JSON.parse(bodies[0]!) as Record<string, unknown>;
    expect(sent).not.toHaveProperty('variables');
    const inputs = sent.inputs as Record<string, string>;
    expect(Object.keys(inputs).sort()).toEqual(['input', 'job', 'request_id', 'title']);
    expect(inputs.job).toBe('mark-read');
    expect(JSON.parse(Buffer.from(inputs.input!, 'base64url').toString('utf8'))).toEqual({ feedId: '0123456789', all: true });
    // stdout: the request id (the one sent as the input request_id) and the pipeline's URL.
    expect(c.stdout).toMatch(new RegExp(`^request ${inputs.request_id}\\nrun http://127\\.0\\.0\\.1:\\d+/\\S+\\n$`));
    const pipeline = gl.state.project.pipelines.at(-1)!;
    // mark-read of a feed that does not exist is the job's error: the result (decrypted with GFA_SECRET_KEY,
    // no passphrase given) says so, gfa exits 1, and the pipeline fails.
    expect(c.code).toBe(1);
    expect(c.stderr).toMatch(/^gfa: job "mark-read" failed: E_\w+ .+\n$/m);
    expect(pipeline).toMatchObject({ source: 'trigger', status: 'failed', jobs: ['gfa-mark-read'] });
    expect(c.stdout + c.stderr).not.toContain(gl.state.project.triggers[0]!.token);
  });

  it('refuses a job that cannot be triggered', async () => {
    const r = await gfaGitlab(gl, 'trigger nope');
    // E_USAGE: exit 2, one line.
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^gfa: job "nope" does not exist or cannot be triggered[^\n]*\n$/);
  });
});
