/** `GFA_FANOUT=off`, the CLI's benchmark knob: its writes keep a large directory flat; unset, it fans out. */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { git, setupBare, tempDir } from '../store/helpers/git-fixtures.ts';

const BIN = resolve(import.meta.dirname, '../../node_modules/.bin/gfa');
const tmp = tempDir('cli-kv-fanout');
afterAll(() => tmp.remove());

function gfa(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(BIN, args, { cwd: tmp.dir, env: { ...process.env, GFA_DEBUG: '', GFA_SECRET_KEY: '', GFA_BRANCH: '', GFA_HISTORY: '', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdin.end();
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

/** A bare remote with 1,100 keys `k/0000`… in one directory, imported with `env`. */
async function imported(name: string, env: Record<string, string>): Promise<string> {
  const remote = join(tmp.dir, `${name}.git`);
  await setupBare(remote);
  const file = join(tmp.dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(Object.fromEntries(Array.from({ length: 1100 }, (_, i) => [`k/${String(i).padStart(4, '0')}`, `v${i}`]))));
  expect(await gfa(['kv', 'import', file], { GFA_REMOTE: remote, ...env })).toEqual({ code: 0, stdout: '', stderr: '' });
  return remote;
}

const entries = async (remote: string, path: string) => (await git(remote, 'ls-tree', 'data', path)).trim().split('\n');

describe('GFA_FANOUT', () => {
  it('off: a directory past the limit stays one flat tree, with no layout trailer, and a later write keeps it so', async () => {
    const remote = await imported('off', { GFA_FANOUT: 'off' });
    expect(await gfa(['kv', 'set', 'k/0007', 'changed'], { GFA_REMOTE: remote, GFA_FANOUT: 'off' })).toMatchObject({ code: 0 });
    const listed = await entries(remote, 'k/');
    expect(listed).toHaveLength(1100);
    expect(listed.every((l) => l.startsWith('100644 blob '))).toBe(true);
    expect(await git(remote, 'log', '-1', '--format=%B', 'data')).not.toMatch(/gfa-layout/);
    expect((await gfa(['kv', 'get', 'k/0007'], { GFA_REMOTE: remote })).stdout).toBe('changed');
  });

  it('unset: the same import fans the directory out (the default), and the next write without the knob converts a flat store', async () => {
    const fanned = await imported('on', {});
    expect((await entries(fanned, 'k/')).every((l) => l.startsWith('040000 tree '))).toBe(true);
    expect(await git(fanned, 'log', '-1', '--format=%B', 'data')).toMatch(/gfa-layout: fanout-1 \{"k":1100\}/);
    const flat = await imported('flat', { GFA_FANOUT: 'off' });
    expect(await gfa(['kv', 'set', 'k/0007', 'changed'], { GFA_REMOTE: flat, GFA_FANOUT: '' })).toMatchObject({ code: 0 });
    expect((await entries(flat, 'k/')).every((l) => l.startsWith('040000 tree '))).toBe(true);
    expect((await gfa(['kv', 'list', 'k/'], { GFA_REMOTE: flat })).stdout.split('\n')).toHaveLength(1101);
  });

  it('any other value is a one-line usage error', async () => {
    const r = await gfa(['kv', 'list'], { GFA_REMOTE: join(tmp.dir, 'none.git'), GFA_FANOUT: '4096' });
    expect(r).toEqual({ code: 2, stdout: '', stderr: 'gfa: GFA_FANOUT must be "off" or unset, not "4096"\n' });
  });
});
