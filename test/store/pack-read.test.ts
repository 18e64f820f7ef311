import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { isGfaError } from '../../framework/errors.ts';
import { commitBody, objectSha, serializeTree } from '../../framework/store/git/objects.ts';
import { readPack, type PackObject } from '../../framework/store/git/pack-read.ts';
import { entryHeader, writePack, type NewObject } from '../../framework/store/git/pack-write.ts';
import { tempDir } from './helpers/git-fixtures.ts';

const tmp = tempDir('pack-read');
afterAll(() => tmp.remove());

/** git on a local repository (no server in this process), raw stdout. */
const gitSync = (cwd: string, args: string[], input?: Buffer | string): Buffer => execFileSync('git', args, { cwd, input, maxBuffer: 256 * 1024 * 1024, stdio: ['pipe', 'pipe', 'pipe'] });

/**
 * A repository made by one `git fast-import`: `commits` commits, each editing one line of a 20 KB
 * file (and every third one a small file in a directory), and an annotated tag on the last.
 */
function makeRepo(name: string, commits: number): string {
  const dir = join(tmp.dir, name);
  gitSync(tmp.dir, ['init', '-q', dir]);
  const lines = Array.from({ length: 400 }, (_, i) => `line ${i} ${'x'.repeat(40)}`);
  const parts: string[] = [];
  const data = (s: string) => `data ${Buffer.byteLength(s)}\n${s}\n`;
  for (let c = 1; c <= commits; c++) {
    lines[(c * 37) % lines.length] = `edited in commit ${c} ${'y'.repeat(30)}`;
    parts.push(`commit refs/heads/main\ncommitter t <t@example.com> ${1_700_000_000 + c} +0000\n${data(`commit ${c}`)}M 100644 inline big.txt\n${data(`${lines.join('\n')}\n`)}`);
    if (c % 3 === 1) parts.push(`M 100644 inline dir/notes.md\n${data(`notes ${c}\n`.repeat(20))}`);
  }
  parts.push(`tag v1\nfrom refs/heads/main\ntagger t <t@example.com> 1700000000 +0000\n${data('release')}`);
  gitSync(dir, ['fast-import', '--quiet'], parts.join(''));
  return dir;
}

interface Listed {
  sha: string;
  type: string;
  offset: number;
  depth: number;
}

/** The objects of `pack` as git lists them (`git verify-pack -v`), with offset and delta depth. */
function verifyPack(repo: string, pack: Buffer, name: string): Listed[] {
  const file = join(tmp.dir, `${name}.pack`);
  writeFileSync(file, pack);
  gitSync(repo, ['index-pack', file]);
  const out = gitSync(repo, ['verify-pack', '-v', file]).toString();
  return out
    .split('\n')
    .filter((l) => /^[0-9a-f]{40} /.test(l))
    .map((l) => {
      const f = l.split(/\s+/);
      return { sha: f[0]!, type: f[1]!, offset: Number(f[4]), depth: f.length >= 7 ? Number(f[5]) : 0 };
    });
}

/** Type and contents of each sha, from `git cat-file --batch`. */
function catFile(repo: string, shas: string[]): Map<string, { type: string; data: Buffer }> {
  const out = gitSync(repo, ['cat-file', '--batch'], `${shas.join('\n')}\n`);
  const objects = new Map<string, { type: string; data: Buffer }>();
  let pos = 0;
  while (pos < out.length) {
    const nl = out.indexOf(0x0a, pos);
    const [sha, type, size] = out.toString('latin1', pos, nl).split(' ');
    const data = out.subarray(nl + 1, nl + 1 + Number(size));
    objects.set(sha!, { type: type!, data });
    pos = nl + 1 + Number(size) + 1;
  }
  return objects;
}

/** Packs `repo` with git and checks readPack against git's own listing and contents. */
function checkAgainstGit(repo: string, name: string, packArgs: string[]): { pack: Buffer; listed: Listed[]; objects: PackObject[] } {
  const pack = gitSync(repo, ['pack-objects', '--stdout', '--all', '--no-reuse-delta', '-q', ...packArgs], '');
  const listed = verifyPack(repo, pack, name);
  const objects = readPack(pack);
  expect(new Set(objects.map((o) => o.sha))).toEqual(new Set(listed.map((l) => l.sha)));
  expect(objects).toHaveLength(listed.length);
  const fromGit = catFile(repo, listed.map((l) => l.sha));
  for (const o of objects) {
    const g = fromGit.get(o.sha)!;
    expect(o.type, o.sha).toBe(g.type);
    expect(o.data.equals(g.data), o.sha).toBe(true);
  }
  return { pack, listed, objects };
}

/** The raw type code of the entry at `offset`: 6 = OFS_DELTA, 7 = REF_DELTA. */
const rawType = (pack: Buffer, offset: number) => (pack[offset]! >> 4) & 7;

// --- packs made by hand --------------------------------------------------------------------------

/** An entry: header, then for deltas the base (OFS: `prefix` = back offset bytes; REF: the sha), then zlib data. */
const entry = (code: number, data: Buffer, prefix: Buffer = Buffer.alloc(0), size = data.length) => Buffer.concat([entryHeader(code, size), prefix, deflateSync(data)]);

/** Git's OFS_DELTA back-offset encoding: big-endian 7-bit groups, each continuation minus one. */
function ofsPrefix(back: number): Buffer {
  const bytes = [back & 0x7f];
  while ((back = Math.floor(back / 128)) > 0) bytes.unshift(0x80 | (--back & 0x7f));
  return Buffer.from(bytes);
}

function varint(n: number): number[] {
  const bytes: number[] = [];
  do {
    bytes.push((n & 0x7f) | (n >= 128 ? 0x80 : 0));
    n = Math.floor(n / 128);
  } while (n > 0);
  return bytes;
}

/** A git delta: sizes then ops. */
const delta = (source: number, target: number, ...ops: number[][]) => Buffer.from([...varint(source), ...varint(target), ...ops.flat()]);
const insert = (bytes: Buffer) => [bytes.length, ...bytes];
function copy(offset: number, size: number): number[] {
  let op = 0x80;
  const args: number[] = [];
  for (let i = 0; i < 4; i++) if ((offset >> (8 * i)) & 0xff) (op |= 1 << i), args.push((offset >> (8 * i)) & 0xff);
  for (let i = 0; i < 3; i++) if ((size >> (8 * i)) & 0xff) (op |= 0x10 << i), args.push((size >> (8 * i)) & 0xff);
  return [op, ...args];
}

/** A pack of ready-made entries, with a right checksum (so only the damage under test is there). */
function rawPack(entries: Buffer[], count = entries.length, version = 2): Buffer {
  const header = Buffer.alloc(12);
  header.write('PACK', 0, 'latin1');
  header.writeUInt32BE(version, 4);
  header.writeUInt32BE(count, 8);
  const body = Buffer.concat([header, ...entries]);
  return Buffer.concat([body, createHash('sha1').update(body).digest()]);
}

function expectGitError(pack: Buffer, message: RegExp): void {
  let err: unknown;
  try {
    readPack(pack);
  } catch (e) {
    err = e;
  }
  expect(isGfaError(err, 'E_GIT'), String(err)).toBe(true);
  expect((err as Error).message).toMatch(message);
  expect((err as Error).message).not.toContain('\n');
}

describe('readPack', () => {
  const obj = (type: NewObject['type'], data: Uint8Array): NewObject => ({ sha: objectSha(type, data), type, data });

  it('reads back what writePack wrote', () => {
    const small = obj('blob', Buffer.from('x'));
    const empty = obj('blob', Buffer.alloc(0));
    const large = obj('blob', Buffer.alloc(300_000, 7));
    const root = obj('tree', serializeTree([{ mode: '100644', name: 'a', sha: small.sha }, { mode: '100644', name: 'b', sha: large.sha }, { mode: '100644', name: 'e', sha: empty.sha }]));
    const commit = obj('commit', commitBody(root.sha, undefined, 'm'));
    const objects = readPack(writePack([small, empty, large, root, commit, small]));
    expect(objects.map((o) => [o.sha, o.type])).toEqual([small, empty, large, root, commit].map((o) => [o.sha, o.type]));
    for (const [i, o] of [small, empty, large, root, commit].entries()) expect(objects[i]!.data.equals(o.data)).toBe(true);
    expect(readPack(writePack([]))).toEqual([]);
  });

  it('accepts version 3', () => {
    const blob = Buffer.from('v3');
    expect(readPack(rawPack([entry(3, blob)], 1, 3))).toEqual([{ sha: objectSha('blob', blob), type: 'blob', data: blob }]);
  });

  const repo = () => (repoDir ??= makeRepo('edits', 30));
  let repoDir: string | undefined;

  it('reads a git pack with OFS_DELTA entries (--delta-base-offset), every object as git has it', () => {
    const { pack, listed, objects } = checkAgainstGit(repo(), 'ofs', ['--delta-base-offset']);
    const deltas = listed.filter((l) => l.depth > 0);
    expect(deltas.length).toBeGreaterThan(20);
    for (const d of deltas) expect(rawType(pack, d.offset)).toBe(6);
    expect(new Set(objects.map((o) => o.type))).toEqual(new Set(['commit', 'tree', 'blob', 'tag']));
  });

  it('reads a git pack with REF_DELTA entries (no --delta-base-offset)', () => {
    const { pack, listed } = checkAgainstGit(repo(), 'ref', []);
    const deltas = listed.filter((l) => l.depth > 0);
    expect(deltas.length).toBeGreaterThan(20);
    for (const d of deltas) expect(rawType(pack, d.offset)).toBe(7);
  });

  it('resolves a long delta chain made by git (--depth=4095 --window=250, 300 edits)', () => {
    const { listed } = checkAgainstGit(makeRepo('chain', 300), 'chain', ['--delta-base-offset', '--depth=4095', '--window=250']);
    expect(Math.max(...listed.map((l) => l.depth))).toBeGreaterThan(100);
  }, 60_000);

  it('resolves chains of 5000 deltas without recursion, OFS in order and REF with every delta before its base', () => {
    const N = 5000;
    const base = Buffer.from('base\n');
    const versions = [base];
    for (let i = 1; i <= N; i++) versions.push(Buffer.concat([versions[i - 1]!, Buffer.from([0x61 + (i % 26)])]));
    const deltaTo = (i: number) => delta(versions[i - 1]!.length, versions[i]!.length, copy(0, versions[i - 1]!.length), insert(versions[i]!.subarray(-1)));
    const expected = versions.map((v) => objectSha('blob', v));

    const ofs: Buffer[] = [entry(3, base)];
    const offsets = [12];
    for (let i = 1; i <= N; i++) {
      const at = offsets[i - 1]! + ofs[i - 1]!.length;
      offsets.push(at);
      ofs.push(entry(6, deltaTo(i), ofsPrefix(at - offsets[i - 1]!)));
    }
    const a = readPack(rawPack(ofs));
    expect(a.map((o) => o.sha)).toEqual(expected);
    expect(a.at(-1)!.data.equals(versions[N]!)).toBe(true);

    const ref: Buffer[] = [];
    for (let i = N; i >= 1; i--) ref.push(entry(7, deltaTo(i), Buffer.from(expected[i - 1]!, 'hex')));
    ref.push(entry(3, base));
    const b = readPack(rawPack(ref));
    expect(b.map((o) => o.sha)).toEqual([...expected.slice(1)].reverse().concat(expected[0]!));
    expect(b.every((o) => o.type === 'blob')).toBe(true);
  });

  it('applies copy ops with every offset and size byte (explicit zero bytes too), and size 0 as 0x10000', () => {
    const source = Buffer.alloc(0x20000 + 300);
    for (let i = 0; i < source.length; i++) source[i] = (i * 7 + (i >> 8)) & 0xff;
    const target = Buffer.concat([source.subarray(0x10100, 0x20100), source.subarray(3, 5), Buffer.from('new'), source.subarray(0x1ff00, 0x20000 + 300)]);
    const d = delta(source.length, target.length, [0x80 | 0x02 | 0x04, 0x01, 0x01], [0x80 | 0x0f | 0x10 | 0x20, 3, 0, 0, 0, 2, 0], insert(Buffer.from('new')), copy(0x1ff00, target.length - 0x10002 - 3));
    const sourceSha = objectSha('blob', source);
    const [, t] = readPack(rawPack([entry(3, source), entry(7, d, Buffer.from(sourceSha, 'hex'))]));
    expect(t!.data.equals(target)).toBe(true);
    expect(t!.sha).toBe(objectSha('blob', target));
  });
});

describe('readPack on damaged packs (E_GIT, one line)', () => {
  const blob = Buffer.from('hello world, hello world\n');
  const blobSha = objectSha('blob', blob);
  const good = () => writePack([{ sha: blobSha, type: 'blob', data: blob }, { sha: objectSha('blob', Buffer.from('b')), type: 'blob', data: Buffer.from('b') }]);

  it('a flipped byte anywhere before the trailer: checksum mismatch', () => {
    for (const at of [12, 20, good().length - 21]) {
      const pack = good();
      pack[at]! ^= 0x01;
      expectGitError(pack, /checksum mismatch/);
    }
    const pack = good();
    pack[pack.length - 1]! ^= 0x01;
    expectGitError(pack, /checksum mismatch/);
  });

  it('a truncated pack', () => {
    const pack = good();
    expectGitError(pack.subarray(0, pack.length - 7), /checksum mismatch/);
    expectGitError(pack.subarray(0, 10), /no PACK header/);
    // Cut after one entry with a right checksum: the count promises a second entry that is not there.
    expectGitError(rawPack([entry(3, blob)], 2), /runs past the end/);
    // Cut inside the zlib stream.
    expectGitError(rawPack([entry(3, blob).subarray(0, 8)]), /does not inflate/);
  });

  it('a REF_DELTA whose base is not in the pack: thin pack, naming the base', () => {
    const missing = objectSha('blob', Buffer.from('not here'));
    expectGitError(rawPack([entry(3, blob), entry(7, delta(8, 3, insert(Buffer.from('abc'))), Buffer.from(missing, 'hex'))]), new RegExp(`thin pack.*${missing}`));
  });

  it('bad deltas: op 0, copy past the base, wrong base size, wrong result size', () => {
    const ref = Buffer.from(blobSha, 'hex');
    const bad = (d: Buffer, message: RegExp) => expectGitError(rawPack([entry(3, blob), entry(7, d, ref)]), message);
    bad(delta(blob.length, 3, [0], insert(Buffer.from('abc'))), /invalid op 0/);
    bad(delta(blob.length, 3, copy(blob.length - 1, 3)), /beyond the end of its base/);
    bad(delta(blob.length + 1, 3, insert(Buffer.from('abc'))), /expects a base of/);
    bad(delta(blob.length, 4, insert(Buffer.from('abc'))), /makes 3 bytes, not 4/);
    bad(delta(blob.length, 2, insert(Buffer.from('abc'))), /writes more than/);
    bad(delta(blob.length, 3, [3, 0x61]), /truncated/);
  });

  it('other damage: wrong version, unknown type, a lying size, an OFS_DELTA to no entry, stray bytes', () => {
    expectGitError(rawPack([entry(3, blob)], 1, 4), /unsupported version 4/);
    expectGitError(rawPack([entry(5, blob)]), /unknown type 5/);
    expectGitError(rawPack([entry(3, blob, undefined, blob.length + 1)]), /inflates to|does not inflate/);
    expectGitError(rawPack([entry(3, blob, undefined, blob.length - 1)]), /does not inflate/);
    expectGitError(rawPack([entry(3, blob), entry(6, delta(blob.length, 1, insert(Buffer.from('a'))), ofsPrefix(3))]), /points to no entry/);
    expectGitError(rawPack([entry(3, blob), entry(6, delta(blob.length, 1, insert(Buffer.from('a'))), ofsPrefix(1000))]), /points to no entry/);
    expectGitError(rawPack([entry(3, blob), Buffer.from([0, 0])], 1), /2 stray bytes/);
  });
});
