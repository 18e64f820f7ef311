/** `gfa build` and `gfa run` through the real bin, on a copy of the counter fixture. */
import { stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bareRepo, copyCounter, GFA_BIN, readKey, runProgram } from '../build/helpers/fixture.ts';

let app: Awaited<ReturnType<typeof copyCounter>>;
beforeAll(async () => { app = await copyCounter(); });
afterAll(() => app.cleanup());

const gfa = (args: string[], env: Record<string, string> = {}) => runProgram(GFA_BIN, args, { cwd: app.dir, env });

describe('gfa build / gfa run', () => {
  it('gfa build writes dist; --check passes, then names a changed file', async () => {
    const built = await gfa(['build']);
    expect(built.code, built.stderr).toBe(0);
    expect(built.stderr).toMatch(/gfa build: counter: \d+ file\(s\)/);
    expect((await gfa(['build', '--check', '.'])).code).toBe(0);
    await writeFile(join(app.dir, 'web/index.html'), '<p>changed</p>\n');
    const stale = await gfa(['build', '--check']);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain('gfa: dist is out of date: dist/pages/index.html; run gfa build');
  });

  it('gfa run uses the local embedded remote by default and prints the result', async () => {
    const r = await gfa(['run', 'bump', '--input', '{"by":4}', '--request-id', 'cli-1']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('gfa run: bump request cli-1');
    expect(JSON.parse(r.stdout)).toMatchObject({ job: 'bump', requestId: 'cli-1', status: 'ok', output: { n: 4 } });
    const remote = join(app.dir, '.gfa/local/remote.git');
    expect(await readKey(remote, 'n')).toBe('4');
    expect((await stat(join(app.dir, '.gfa/local/.gitignore'))).isFile()).toBe(true);
  });

  it('--input @file, --remote, --no-build; the job exit code; secrets from the environment', async () => {
    const repo = await bareRepo(app.dir, 'other.git');
    await writeFile(join(app.dir, 'in.json'), '{"by":7}');
    const a = await gfa(['run', 'bump', '--input', '@in.json', '--remote', repo, '--no-build']);
    expect(a.code, a.stderr).toBe(0);
    expect(await readKey(repo, 'n')).toBe('7');
    const f = await gfa(['run', 'fail', '--remote', repo, '--no-build']);
    expect(f.code).toBe(1);
    expect(JSON.parse(f.stdout)).toMatchObject({ status: 'error', error: { code: 'E_JOB_FAILED' } });
    const s = await gfa(['run', 'secret', '--remote', repo, '--no-build'], { FEED_TOKEN: 'ft-secret-value' });
    expect(s.code, s.stderr).toBe(0);
    expect(JSON.parse(s.stdout).output).toEqual({ sawToken: true, otherSecrets: [] });
    expect(s.stderr).not.toContain('ft-secret-value');
  });

  it('--schedule and --event NAME --payload FILE run the other kinds of trigger', async () => {
    const repo = await bareRepo(app.dir, 'kinds.git');
    const s = await gfa(['run', 'bump', '--schedule', '--remote', repo, '--no-build']);
    expect(s.code, s.stderr).toBe(0);
    expect(await readKey(repo, 'n')).toBe('1');
    await writeFile(join(app.dir, 'issue.json'), '{"issue":{"number":5}}');
    const e = await gfa(['run', 'issue-bot', '--event', 'issues', '--payload', 'issue.json', '--remote', repo, '--no-build']);
    expect(e.code, e.stderr).toBe(0);
    expect(await readKey(repo, 'issues/5')).toBe('{"seen":true}');
    const bad = await gfa(['run', 'noop', '--schedule', '--remote', repo, '--no-build']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('job "noop" has no schedule');
  });

  it('unknown job and bad flags are one-line errors', async () => {
    const u = await gfa(['run', 'nope', '--no-build']);
    expect(u.code).toBe(1);
    expect(u.stderr.trim()).toBe('gfa: no job "nope" in counter (jobs: bump, fail, issue-bot, noop, secret)');
    const b = await gfa(['run', 'bump', '--request-id', 'a/b', '--no-build']);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/--request-id must match/);
  });
});

describe('gfa run --remote needs no local state', () => {
  it('an encrypting app with --remote takes its key from GFA_SECRET_KEY, never from .gfa/local', async () => {
    const copy = await copyCounter();
    try {
      const run = (args: string[], env: Record<string, string> = {}) => runProgram(GFA_BIN, args, { cwd: copy.dir, env });
      expect((await run(['build'])).code).toBe(0);
      const manifest = join(copy.dir, 'dist/gfa.json');
      const { readFile } = await import('node:fs/promises');
      const m = JSON.parse(await readFile(manifest, 'utf8')) as { store: { encrypt: boolean } };
      m.store.encrypt = true;
      await writeFile(manifest, JSON.stringify(m));
      const repo = await bareRepo(copy.dir, 'remote.git');
      const r = await run(['run', 'bump', '--remote', repo, '--no-build'], { GFA_SECRET_KEY: '' });
      expect(r.code).toBe(1);
      expect(r.stderr.trim()).toBe('gfa: counter encrypts its store: set GFA_SECRET_KEY to the data key of that remote, or drop --remote and GFA_REMOTE to use the local store');
      const g = await run(['run', 'bump', '--no-build'], { GFA_SECRET_KEY: '', GFA_REMOTE: repo });
      expect(g.stderr).toContain('encrypts its store: set GFA_SECRET_KEY');
      await expect(stat(join(copy.dir, '.gfa'))).rejects.toThrow(/ENOENT/);
    } finally {
      await copy.cleanup();
    }
  }, 120_000);
});
