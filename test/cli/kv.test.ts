/** `gfa kv …` through the real bin: exact outputs, exit codes, one-line errors, no stack traces. */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGitServer, type GitServer } from '../helpers/git-server.ts';
import { git, setupBare, tempDir } from '../store/helpers/git-fixtures.ts';

const BIN = resolve(import.meta.dirname, '../../node_modules/.bin/gfa');
const tmp = tempDir('cli-kv');
let server: GitServer;
let remote: string;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function gfa(args: string[], env: Record<string, string> = {}, stdin?: string): Promise<Run> {
  return new Promise((done) => {
    const child = spawn(BIN, args, { cwd: tmp.dir, env: { ...process.env, GFA_REMOTE: remote, GFA_DEBUG: '', GFA_SECRET_KEY: '', GFA_BRANCH: '', GFA_HISTORY: '', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdin.end(stdin ?? '');
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

function expectOneLineError(r: Run, code: number, text: string | RegExp): void {
  expect(r.code).toBe(code);
  expect(r.stdout).toBe('');
  expect(r.stderr.split('\n')).toHaveLength(2); // one line and the final newline
  expect(r.stderr).toMatch(/^gfa: /);
  expect(r.stderr).toMatch(text);
  expect(r.stderr).not.toMatch(/\bat .*\.ts:\d+/);
}

beforeAll(async () => {
  remote = join(tmp.dir, 'remote.git');
  await setupBare(remote);
  server = await startGitServer();
});
afterAll(async () => {
  await server.close();
  tmp.remove();
});

describe('gfa kv', () => {
  it('get of a missing key (and of a missing branch) exits 1 with "gfa: not found: KEY"', async () => {
    const r = await gfa(['kv', 'get', 'feeds/a.json']);
    expect(r).toEqual({ code: 1, stdout: '', stderr: 'gfa: not found: feeds/a.json\n' });
  });

  it('set, get, list, rm with exact outputs; VALUE - reads stdin', async () => {
    expect(await gfa(['kv', 'set', 'feeds/a.json', '{"a":1}'])).toEqual({ code: 0, stdout: '', stderr: '' });
    expect((await gfa(['kv', 'set', 'feeds/b.json', '-'], {}, 'line 1\nline 2\n')).code).toBe(0);
    expect((await gfa(['kv', 'set', 'top', 'x'])).code).toBe(0);
    expect((await gfa(['kv', 'get', 'feeds/a.json'])).stdout).toBe('{"a":1}');
    expect((await gfa(['kv', 'get', 'feeds/b.json'])).stdout).toBe('line 1\nline 2\n');
    expect((await gfa(['kv', 'list'])).stdout).toBe('feeds/a.json\nfeeds/b.json\ntop\n');
    expect((await gfa(['kv', 'list', 'feeds/'])).stdout).toBe('feeds/a.json\nfeeds/b.json\n');
    expect(await gfa(['kv', 'rm', 'feeds/a.json'])).toEqual({ code: 0, stdout: '', stderr: '' });
    expect((await gfa(['kv', 'list', 'feeds'])).stdout).toBe('feeds/b.json\n');
    expect(await git(remote, 'show', 'data:top')).toBe('x');
  });

  it('import writes one commit; export prints the same JSON; bad files write nothing', async () => {
    const file = join(tmp.dir, 'in.json');
    writeFileSync(file, JSON.stringify({ 'i/1': 'one', 'i/2': 'two ✓' }));
    const heads = async () => (await git(remote, 'rev-parse', 'data')).trim();
    const before = await heads();
    expect(await gfa(['kv', 'import', file])).toEqual({ code: 0, stdout: '', stderr: '' });
    const after = await heads();
    expect(after).not.toBe(before);
    expect((await git(remote, 'ls-tree', '--name-only', 'data', 'i/')).trim().split('\n')).toEqual(['i/1', 'i/2']);
    const exported = await gfa(['kv', 'export']);
    expect(exported.code).toBe(0);
    expect(JSON.parse(exported.stdout)).toEqual({ 'feeds/b.json': 'line 1\nline 2\n', 'i/1': 'one', 'i/2': 'two ✓', top: 'x' });
    expect(exported.stdout.endsWith('}\n')).toBe(true);

    for (const [content, msg] of [
      ['[1,2]', /must hold a JSON object/],
      ['{"a":"1","b":2}', /the value of "b" is not a string/],
      ['{not json', /is not valid JSON/],
      ['{"a//b":"x"}', /invalid key "a\/\/b"/],
    ] as const) {
      writeFileSync(file, content);
      expectOneLineError(await gfa(['kv', 'import', file]), 1 + (msg.source.includes('invalid key') ? 1 : 0), msg);
    }
    expectOneLineError(await gfa(['kv', 'import', join(tmp.dir, 'missing.json')]), 1, /cannot read .*missing\.json/);
    expect(await heads()).toBe(after);
  });

  it('--remote, --branch and --history flags override the environment; http remotes work', async () => {
    server.createRepo('cli');
    const url = server.url('cli');
    expect((await gfa(['kv', 'set', 'k', 'v', '--remote', url, '--branch', 'other', '--history', 'keep'], { GFA_REMOTE: '' })).code).toBe(0);
    expect((await gfa(['kv', 'set', 'k', 'v2', '--branch', 'other', '--history', 'keep'], { GFA_REMOTE: url })).code).toBe(0);
    expect((await gfa(['kv', 'get', 'k', '--branch', 'other'], { GFA_REMOTE: url })).stdout).toBe('v2');
    expect((await git(join(server.root, 'cli.git'), 'rev-list', '--count', 'other')).trim()).toBe('2');
    expect((await gfa(['kv', 'get', 'k'], { GFA_REMOTE: url })).code).toBe(1); // branch "data" is still empty
  });

  it('one-line errors: no remote, bad history, bad key, usage, wrong credentials', async () => {
    expectOneLineError(await gfa(['kv', 'list'], { GFA_REMOTE: '' }), 1, 'gfa: no data remote: pass --remote URL or set GFA_REMOTE');
    expectOneLineError(await gfa(['kv', 'list', '--history', 'sometimes']), 2, /invalid --history "sometimes": use squash or keep/);
    expectOneLineError(await gfa(['kv', 'get', 'a/../b']), 2, /invalid key "a\/..\/b": keys are \/-separated paths/);
    expectOneLineError(await gfa(['kv', 'set', 'only-key']), 2, 'gfa: usage: gfa kv set KEY VALUE');
    expectOneLineError(await gfa(['kv', 'frobnicate']), 2, /unknown command "kv frobnicate"/);
    const bad = server.url('cli').replace('test-password', 'hunter2-wrong');
    const r = await gfa(['kv', 'get', 'k', '--remote', bad]);
    expectOneLineError(r, 1, /^gfa: cannot fetch from http:\/\/\*\*\*@127\.0\.0\.1:\d+\/git\/cli\.git: HTTP 401; check the remote URL and its credentials$/m);
    expect(r.stderr).not.toContain('hunter2-wrong');
  });

  it('rekey without keys is a one-line error; with keys it re-encrypts', async () => {
    expectOneLineError(await gfa(['kv', 'rekey']), 1, /needs GFA_SECRET_KEY/);
    const enc = join(tmp.dir, 'enc.git');
    await setupBare(enc);
    const k1 = (await gfa(['keygen'])).stdout.trim();
    const k2 = (await gfa(['keygen'])).stdout.trim();
    expect((await gfa(['kv', 'set', 's', 'plain text', '--remote', enc], { GFA_SECRET_KEY: k1 })).code).toBe(0);
    expect(await git(enc, 'cat-file', '-p', 'data:s')).not.toContain('plain text');
    expect((await gfa(['kv', 'rekey', '--remote', enc], { GFA_SECRET_KEY: `${k2},${k1}` })).stdout).toBe('re-encrypted 1 keys\n');
    expect((await gfa(['kv', 'get', 's', '--remote', enc], { GFA_SECRET_KEY: k2 })).stdout).toBe('plain text');
    const wrong = await gfa(['kv', 'get', 's', '--remote', enc], { GFA_SECRET_KEY: k1 });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).not.toContain('plain text');
  });
});
