/** `gfa dev --as gitlab` through the real CLI bin: banner with the API URL, the token file (never the token) and the default runner start, serves, stops on SIGINT. */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { copyFixture } from '../helpers/fixture.ts';

const bin = join(dirname(fileURLToPath(import.meta.url)), '../../../node_modules/.bin/gfa');

describe('gfa dev --as gitlab (CLI)', () => {
  const app = copyFixture('dev-app');
  afterAll(() => app.remove());

  it('serves the project over the GitLab REST API until SIGINT', async () => {
    const child = spawn(bin, ['dev', app.dir, '--as', 'gitlab'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((ok) => child.on('close', ok));
    const deadline = Date.now() + 50_000;
    while (!/Ctrl-C stops/.test(stdout) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const url = /export GITLAB_URL=(\S+)/.exec(stdout)?.[1];
    expect(url, stdout + stderr).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(stdout).toContain(`(API ${url}/api/v4)`);
    expect(stdout).toContain('(not GitLab)');
    // No --runner-start: gitlab.com's typical runner start (framework/dev/runner-start.ts).
    expect(stdout).toContain('30 s after a trigger, push or schedule (--runner-start)');
    const tokenFile = join(app.dir, '.gfa/local/gitlab/owner-token');
    expect(stdout).toContain(`export GITLAB_TOKEN=$(cat ${tokenFile})`);
    const token = readFileSync(tokenFile, 'utf8').trim();
    expect(token).toMatch(/^glpat-/);
    expect(stdout + stderr).not.toContain(token);
    const project = /--repo (\S+)/.exec(stdout)?.[1];
    const res = await fetch(`${url}/api/v4/projects/${encodeURIComponent(project!)}`, { headers: { 'private-token': token } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { path_with_namespace: string }).path_with_namespace).toBe(project);
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(stdout).toContain('gfa dev: stopping');
  }, 90_000);
});
