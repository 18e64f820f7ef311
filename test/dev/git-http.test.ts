import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGitServer, type GitServer } from '../helpers/git-server.ts';

describe('git smart-HTTP through git http-backend', () => {
  let server: GitServer;
  let work: string;
  beforeAll(async () => {
    server = await startGitServer();
    server.createRepo('app');
    work = mkdtempSync(join(tmpdir(), 'gfa-git-http-'));
  });
  afterAll(async () => {
    await server.close();
    rmSync(work, { recursive: true, force: true });
  });

  // The server runs in this process: git must run asynchronously or it would wait on a blocked event loop.
  const run = promisify(execFile);
  const git = async (cwd: string, ...args: string[]) => (await run('git', args, { cwd, encoding: 'utf8' })).stdout;

  it('pushes and clones over HTTP with basic auth', async () => {
    const src = join(work, 'src');
    execFileSync('git', ['init', '-q', '-b', 'data', src]);
    writeFileSync(join(src, 'a.txt'), 'hello');
    await git(src, 'add', 'a.txt');
    await git(src, '-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'one');
    await git(src, 'push', '-q', server.url('app'), 'data');
    const out = await git(work, 'ls-remote', server.url('app'));
    expect(out).toMatch(/refs\/heads\/data/);
    await git(work, 'clone', '-q', '-b', 'data', server.url('app'), 'copy');
    expect(await git(join(work, 'copy'), 'show', 'HEAD:a.txt')).toBe('hello');
  });

  it('refuses requests without credentials', async () => {
    await expect(
      run('git', ['ls-remote', server.urlWithoutAuth('app')], { env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } }),
    ).rejects.toThrow(/401|Authentication|could not read Username/);
  });
});
