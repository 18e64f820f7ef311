/**
 * Git objects written in-process: the loose-object format is `zlib("<type> <size>\0<data>")` at
 * `objects/xx/yyyy…`. Equivalent to `git hash-object -w` / `mktree` / `commit-tree`, but without a
 * process per object, which would otherwise dominate the cost of a small commit.
 */
import { nodeCrypto, nodeZlib } from '../../builtins.ts';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { GfaError } from '../../errors.ts';

/** One entry of a tree object. */
export interface TreeEntry {
  mode: string;
  name: string;
  sha: string;
}

/** The sha1 of an object of `type` holding `data`. */
export function objectSha(type: string, data: Uint8Array): string {
  return nodeCrypto().createHash('sha1').update(`${type} ${data.length}\0`).update(data).digest('hex');
}

/** Stores an object whose sha is known (computed by the caller) as a loose object, unless present. */
export async function storeObject(gitDir: string, sha: string, type: string, data: Uint8Array): Promise<void> {
  const dir = join(gitDir, 'objects', sha.slice(0, 2));
  const file = join(dir, sha.slice(2));
  try {
    await fs.access(file);
    return;
  } catch {
    // not there yet
  }
  await fs.mkdir(dir, { recursive: true });
  const tmp = join(dir, `tmp_${nodeCrypto().randomBytes(6).toString('hex')}`);
  const body = nodeZlib().deflateSync(Buffer.concat([Buffer.from(`${type} ${data.length}\0`), data]));
  await fs.writeFile(tmp, body, { mode: 0o444 });
  await fs.rename(tmp, file);
}

/** Reads a loose object of `gitDir`; undefined when there is no such loose object. */
export async function readLooseObject(gitDir: string, sha: string): Promise<{ type: string; data: Buffer } | undefined> {
  let raw: Buffer;
  try {
    raw = await fs.readFile(join(gitDir, 'objects', sha.slice(0, 2), sha.slice(2)));
  } catch {
    return undefined;
  }
  const body = nodeZlib().inflateSync(raw);
  const nul = body.indexOf(0);
  const [type = '', size] = body.toString('latin1', 0, nul).split(' ');
  const data = body.subarray(nul + 1);
  if (Number(size) !== data.length || objectSha(type, data) !== sha) throw new GfaError('E_GIT', `the cached object ${sha} is corrupt; remove the cache directory and retry`);
  return { type, data };
}

/** Parses the raw body of a tree object; a malformed one (from a hostile or broken server) is an `E_GIT`. */
export function parseTree(data: Uint8Array): TreeEntry[] {
  const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const entries: TreeEntry[] = [];
  let i = 0;
  while (i < buf.length) {
    // Every entry is `<mode> <name>\0<20-byte sha>`: each bound is checked, so the loop always advances.
    const space = buf.indexOf(0x20, i);
    const nul = space === -1 ? -1 : buf.indexOf(0, space + 1);
    if (space === -1 || nul === -1 || space === i || nul === space + 1 || nul + 21 > buf.length) {
      throw new GfaError('E_GIT', `malformed tree object (entry at byte ${i}); the remote sent a damaged tree: check the remote, then remove the cache directory and retry`);
    }
    entries.push({ mode: buf.toString('latin1', i, space), name: buf.toString('utf8', space + 1, nul), sha: buf.toString('hex', nul + 1, nul + 21) });
    i = nul + 21;
  }
  return entries;
}

/** Serializes entries into a tree body in git's order (directories sort as if named `name/`). */
export function serializeTree(entries: TreeEntry[]): Buffer {
  const key = (e: TreeEntry) => Buffer.from(e.mode === '40000' ? `${e.name}/` : e.name);
  const sorted = [...entries].sort((a, b) => Buffer.compare(key(a), key(b)));
  return Buffer.concat(sorted.flatMap((e) => [Buffer.from(`${e.mode} ${e.name}\0`), Buffer.from(e.sha, 'hex')]));
}

/** The body of a commit object. `parent` undefined = a root commit; `who` is author and committer (checked by the caller). */
export function commitBody(tree: string, parent: string | undefined, message: string, when = new Date(), who: { name: string; email: string } = { name: 'gfa', email: 'gfa@localhost' }): Buffer {
  const ident = `${who.name} <${who.email}> ${Math.floor(when.getTime() / 1000)} +0000`;
  const lines = [`tree ${tree}`, ...(parent ? [`parent ${parent}`] : []), `author ${ident}`, `committer ${ident}`, '', message.endsWith('\n') ? message.slice(0, -1) : message, ''];
  return Buffer.from(lines.join('\n'));
}

/** Parses the tree and parent shas and the message out of a commit body. */
export function parseCommit(data: Uint8Array): { tree: string; parents: string[]; message: string } {
  const text = Buffer.from(data).toString('utf8');
  const cut = text.indexOf('\n\n');
  const head = cut === -1 ? text : text.slice(0, cut);
  let tree = '';
  const parents: string[] = [];
  for (const line of head.split('\n')) {
    if (line.startsWith('tree ')) tree = line.slice(5);
    else if (line.startsWith('parent ')) parents.push(line.slice(7));
  }
  return { tree, parents, message: cut === -1 ? '' : text.slice(cut + 2) };
}
