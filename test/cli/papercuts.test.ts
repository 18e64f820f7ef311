/**
 * CLI papercuts found trying gfa as a new user (issue 20), each through the `gfa` bin as a user meets it:
 * one line in gfa's words, the right thing blamed, the next step named.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GFA_BIN, ROOT, runProgram } from '../build/helpers/fixture.ts';

let base: string;
let app: string;

const CONFIG = `
import { z } from 'zod';
import { defineApp, defineJob, schedule, trigger } from 'gfa';
export default defineApp({
  name: 'papercuts',
  store: { encrypt: true },
  jobs: {
    tick: defineJob({ on: [schedule('17 * * * *')], run: () => ({ ticked: true }) }),
    opts: defineJob({ on: [trigger({ input: z.object({ by: z.number().optional() }) })], run: (ctx) => ({ by: ctx.input.by ?? 1 }) }),
    put: defineJob({ on: [trigger()], run: (ctx) => { ctx.kv.set('note', 'hello'); return null; } }),
  },
});
`;

const gfa = (args: string[], env: Record<string, string> = {}, cwd = app) => runProgram(GFA_BIN, args, { cwd, env: { GFA_REMOTE: '', GFA_SECRET_KEY: '', GFA_PASSPHRASE: '', ...env } });

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'gfa-papercuts-'));
  app = join(base, 'papercuts');
  await mkdir(app);
  await writeFile(join(app, 'gfa.config.ts'), CONFIG);
  await writeFile(join(app, 'package.json'), '{ "name": "papercuts", "private": true, "type": "module" }\n');
  await symlink(join(ROOT, 'node_modules'), join(app, 'node_modules'));
  const built = await gfa(['build', '--no-typecheck']);
  expect(built.code, built.stderr).toBe(0);
}, 60_000);
afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

describe('gfa papercuts', () => {
  it('an unknown option: one line in gfa\'s words, no parser text with an unclosed quote', async () => {
    const r = await gfa(['build', '--nope']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('gfa: unknown option --nope; see gfa build --help\n');
    const missing = await gfa(['run', 'tick', '--remote']);
    expect(missing.stderr).toBe('gfa: --remote needs a value; see gfa run --help\n');
  });

  it('gfa --help lists --version', async () => {
    const r = await gfa(['--help']);
    expect(r.stdout).toMatch(/^\s+--version, -v\s+the version of gfa$/m);
  });

  it('gfa run of a schedule-only job suggests --schedule', async () => {
    const r = await gfa(['run', 'tick', '--no-build']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('gfa: job "tick" has no trigger, so it cannot run on --input; run it as it fires: gfa run tick --schedule\n');
    const scheduled = await gfa(['run', 'tick', '--no-build', '--schedule']);
    expect(scheduled.code, scheduled.stderr).toBe(0);
  });

  it('a job whose input fields are all optional runs without --input', async () => {
    const r = await gfa(['run', 'opts', '--no-build']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 'ok', output: { by: 1 } });
    const wrong = await gfa(['run', 'opts', '--no-build', '--input', '{"by":"x"}']);
    expect(JSON.parse(wrong.stdout)).toMatchObject({ status: 'error', error: { code: 'E_INPUT' } });
  });

  it('gfa deploy to an unknown forge blames the forge, once prefixed, also with --dispatch-token-file', async () => {
    for (const extra of [[], ['--dispatch-token-file', 'browser-token.txt']]) {
      const r = await gfa(['deploy', '--forge', 'bitbucket', '--repo', 'o/r', '--yes', ...extra]);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe('gfa: cannot set up forge "bitbucket": use --forge github or --forge gitlab\n');
    }
  });

  it('gfa deploy with GitHub out of reach says so, not that GitHub refused', async () => {
    // Nothing listens there: the connection is refused before any HTTP answer.
    const free = createServer();
    await new Promise<void>((ok) => free.listen(0, '127.0.0.1', ok));
    const port = (free.address() as AddressInfo).port;
    await new Promise((ok) => free.close(ok));
    const r = await gfa(['deploy', '--forge', 'github', '--repo', 'o/r', '--yes'], { GITHUB_API_URL: `http://127.0.0.1:${port}`, GITHUB_TOKEN: 'not-a-real-token', GFA_PASSPHRASE: 'orbit lantern copper meadow violin glacier' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^gfa: cannot reach GitHub for access to o\/r \([^\n]*\); check the network, and GITHUB_API_URL if set\n$/);
    expect(r.stderr).not.toContain('not-a-real-token');
  }, 60_000);

  it('gfa dev --as github on a port in use: one line naming the port, no stack', async () => {
    const taken: Server = createServer();
    await new Promise<void>((ok) => taken.listen(0, '127.0.0.1', ok));
    const port = (taken.address() as AddressInfo).port;
    try {
      const r = await gfa(['dev', '--as', 'github', '--port', String(port)]);
      expect(r.code).toBe(1);
      expect(r.stderr.trim().split('\n').at(-1)).toBe(`gfa: cannot listen on 127.0.0.1:${port} (EADDRINUSE); pick another --port, or --port 0 for any free one`);
      expect(r.stderr).not.toMatch(/^\s+at /m);
    } finally {
      await new Promise((ok) => taken.close(ok));
    }
  }, 60_000);

  it('gfa kv in an app folder reads its local store, as gfa run writes it; an encrypted value without its key is refused', async () => {
    const put = await gfa(['run', 'put', '--no-build']);
    expect(put.code, put.stderr).toBe(0);
    const listed = await gfa(['kv', 'list']);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout.split('\n')).toContain('note');
    expect((await gfa(['kv', 'get', 'note'])).stdout).toBe('hello');
    // The same store through --remote without its key: the value is sealed, never printed as if it were it.
    const sealed = await gfa(['kv', 'get', 'note', '--remote', join(app, '.gfa/local/remote.git')]);
    expect(sealed.code).toBe(1);
    expect(sealed.stdout).toBe('');
    expect(sealed.stderr).toMatch(/^gfa: the value of note is encrypted: set GFA_SECRET_KEY to the store's data key [^\n]*\n$/);
    // Elsewhere (no app folder, no remote) the remote is still asked for.
    const elsewhere = await gfa(['kv', 'list'], {}, base);
    expect(elsewhere.stderr).toMatch(/^gfa: no data remote: pass --remote URL or set GFA_REMOTE/);
  });
});
