import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { initBareRepo } from '../../framework/store/git/init.ts';

const run = promisify(execFile);

describe('initBareRepo (git init without a process)', () => {
  let base: string | undefined;
  afterEach(async () => {
    if (base) await rm(base, { recursive: true, force: true });
  });

  it('makes a bare repository git accepts, even when many callers race on one directory', async () => {
    base = await mkdtemp(join(tmpdir(), 'gfa-init-'));
    const dir = join(base, 'cache');
    await Promise.all(Array.from({ length: 12 }, () => initBareRepo(dir)));
    expect((await run('git', ['--git-dir', dir, 'rev-parse', '--is-bare-repository'])).stdout.trim()).toBe('true');
    await run('git', ['--git-dir', dir, 'fsck', '--strict']);
    expect(await readFile(join(dir, 'HEAD'), 'utf8')).toBe('ref: refs/heads/main\n');
  });

  it('leaves an existing repository as it is', async () => {
    base = await mkdtemp(join(tmpdir(), 'gfa-init-'));
    const dir = join(base, 'repo.git');
    await run('git', ['init', '-q', '--bare', '-b', 'trunk', dir]);
    await initBareRepo(dir);
    expect(await readFile(join(dir, 'HEAD'), 'utf8')).toBe('ref: refs/heads/trunk\n');
  });
});
