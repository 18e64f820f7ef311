/** `gfa dev --as github` through the real CLI bin: banner with the API URL, token files (never the tokens) and the runner start, serves, stops on SIGINT. */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { copyFixture } from '../helpers/fixture.ts';

const bin = join(dirname(fileURLToPath(import.meta.url)), '../../../node_modules/.bin/gfa');

describe('gfa dev --as github (CLI)', () => {
  const app = copyFixture('dev-app');
  afterAll(() => app.remove());

  it('refuses an unknown --as in one line', async () => {
    const child = spawn(bin, ['dev', app.dir, '--as', 'bitbucket'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    expect(await new Promise<number | null>((ok) => child.on('close', ok))).toBe(2);
    expect(stderr).toBe('gfa: --as must be github or gitlab, not "bitbucket"\n');
  });

  it('serves the repository over the GitHub REST API until SIGINT', async () => {
    const child = spawn(bin, ['dev', app.dir, '--as', 'github', '--port', '0', '--runner-start', '0.2'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const exited = new Promise<number | null>((ok) => child.on('close', ok));
    const deadline = Date.now() + 40_000;
    while (!/Pages\s+http/.test(stdout) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const api = /GITHUB_API_URL=(\S+)/.exec(stdout)?.[1];
    expect(api, stdout).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v3$/);
    expect(stdout).toContain('not GitHub');
    expect(stdout).toContain('runs        start 0.2 s after a dispatch or schedule (--runner-start)');
    const token = readFileSync(join(app.dir, '.gfa/local/github/owner-token'), 'utf8').trim();
    const dispatch = readFileSync(join(app.dir, '.gfa/local/github/dispatch-token'), 'utf8').trim();
    expect(stdout).not.toContain(token);
    expect(stdout).not.toContain(dispatch);
    const res = await fetch(`${api}/repos/local/dev-app/contents/.github/workflows/gfa-bump.yml`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  }, 60_000);
});
