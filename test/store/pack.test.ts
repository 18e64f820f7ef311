import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { commitBody, objectSha, serializeTree } from '../../framework/store/git/objects.ts';
import { writePack, type NewObject } from '../../framework/store/git/pack-write.ts';

const run = promisify(execFile);

function indexPack(gitDir: string, pack: Buffer): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn('git', ['--git-dir', gitDir, 'index-pack', '--stdin', '--strict'], { stdio: ['pipe', 'ignore', 'ignore'] });
    child.on('close', (code) => resolve(code ?? 1));
    child.stdin.end(pack);
  });
}

describe('writePack (a push without git pack-objects)', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('writes a pack git index-pack --strict accepts, with every object intact', async () => {
    dir = await mkdtemp(join(tmpdir(), 'gfa-pack-'));
    await run('git', ['init', '-q', '--bare', dir]);
    const obj = (type: NewObject['type'], data: Uint8Array): NewObject => ({ sha: objectSha(type, data), type, data });
    const small = obj('blob', Buffer.from('x'));
    const large = obj('blob', Buffer.alloc(300_000, 7)); // a size header of several bytes
    const sub = obj('tree', serializeTree([{ mode: '100644', name: 'big', sha: large.sha }]));
    const root = obj('tree', serializeTree([{ mode: '100644', name: 'a', sha: small.sha }, { mode: '40000', name: 'k', sha: sub.sha }]));
    const commit = obj('commit', commitBody(root.sha, undefined, 'm'));
    const objects = [small, large, sub, root, commit, small]; // a duplicate is written once
    expect(await indexPack(dir, writePack(objects))).toBe(0);
    for (const o of [small, large, sub, root, commit]) {
      expect((await run('git', ['--git-dir', dir, 'cat-file', '-t', o.sha])).stdout.trim()).toBe(o.type);
    }
    expect((await run('git', ['--git-dir', dir, 'cat-file', '-s', large.sha])).stdout.trim()).toBe('300000');
  });

  it('is refused by git when it is corrupt (the test can fail)', async () => {
    dir = await mkdtemp(join(tmpdir(), 'gfa-pack-'));
    await run('git', ['init', '-q', '--bare', dir]);
    const data = Buffer.from('hello');
    const pack = writePack([{ sha: objectSha('blob', data), type: 'blob', data }]);
    pack[pack.length - 1]! ^= 0xff;
    expect(await indexPack(dir, pack)).not.toBe(0);
  });
});
