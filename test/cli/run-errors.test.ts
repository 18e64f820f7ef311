/** `gfa run` of a job that throws: its message once on stderr (with the result), the stack only with GFA_DEBUG=1. */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bareRepo, copyCounter, GFA_BIN, runProgram } from '../build/helpers/fixture.ts';

let app: Awaited<ReturnType<typeof copyCounter>>;
let remote: string;
beforeAll(async () => {
  app = await copyCounter();
  remote = await bareRepo(join(app.dir, '..'));
  const built = await runProgram(GFA_BIN, ['build', '--no-typecheck', app.dir]);
  expect(built.code, built.stderr).toBe(0);
});
afterAll(async () => {
  await app?.cleanup();
});

const runFail = (env: Record<string, string> = {}) => runProgram(GFA_BIN, ['run', 'fail', '--no-build', '--remote', remote, app.dir], { env: { GFA_REMOTE: '', ...env } });
const count = (text: string, what: string): number => text.split(what).length - 1;

describe('gfa run of a job that throws', () => {
  it('prints the message once, and no stack', async () => {
    const r = await runFail();
    expect(r.code).toBe(1);
    expect(count(r.stderr, 'this job always fails')).toBe(1);
    expect(r.stderr).toMatch(/^gfa: job fail request \S+: error E_JOB_FAILED: Error: this job always fails$/m);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 'error', error: { code: 'E_JOB_FAILED', message: 'Error: this job always fails' } });
  });

  it('prints the stack with GFA_DEBUG=1', async () => {
    const r = await runFail({ GFA_DEBUG: '1' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Error: this job always fails\n\s+at /);
    expect(r.stderr).toMatch(/^gfa: job fail request \S+: error E_JOB_FAILED: Error: this job always fails$/m);
  });
});
