/**
 * Git's pack format read in-process (version 2, and version 3, which is laid out the same way), so
 * the objects a fetch brings back need no `git index-pack` process. A pack is `PACK`, a version, an
 * object count, the entries, then the SHA-1 of everything before it. An entry is a type and the
 * inflated size, then zlib data whose compressed length is not stored: the inflater reports how
 * many input bytes the stream used, which is where the next entry starts.
 *
 * An entry is a whole object (commit, tree, blob, tag) or a delta: instructions that rebuild an
 * object from a base, given by its offset earlier in the pack (OFS_DELTA) or by its sha anywhere in
 * the pack (REF_DELTA). Deltas are resolved from the whole objects outwards with an explicit
 * stack, so a chain of any depth, in any order in the pack, costs no recursion.
 */
import { nodeCrypto, nodeZlib } from '../../builtins.ts';
import { GfaError } from '../../errors.ts';
import { objectSha } from './objects.ts';

/** An object read from a pack. */
export interface PackObject {
  sha: string;
  type: 'commit' | 'tree' | 'blob' | 'tag';
  data: Buffer;
}

const TYPES = [undefined, 'commit', 'tree', 'blob', 'tag'] as const;
const OFS_DELTA = 6;
const REF_DELTA = 7;

/** One pack entry. A delta has no type or sha until resolved, and holds its delta until then. */
interface Entry {
  offset: number;
  type: PackObject['type'] | undefined;
  data: Buffer;
  sha: string;
}

/** `inflateSync` with `info: true` also returns the engine, whose `bytesWritten` is the input used. */
type Inflated = { buffer: Buffer; engine: { bytesWritten: number } };

const corrupt = (what: string) => new GfaError('E_GIT', `corrupt pack: ${what}`);

/** The largest object a pack may hold, as its header or a delta says (a server's number sets an allocation). */
export const MAX_OBJECT_BYTES = 256 * 1024 * 1024;
/** The most bytes all the objects of one pack may inflate to. */
export const MAX_INFLATED_BYTES = 1024 * 1024 * 1024;

/**
 * Every object of a version-2 pack (or 3), deltas resolved, in pack order. The trailing checksum is
 * verified; any damage, and a delta whose base is not in the pack (a thin pack), is an `E_GIT`.
 */
export function readPack(pack: Buffer): PackObject[] {
  if (pack.length < 32 || pack.toString('latin1', 0, 4) !== 'PACK') throw corrupt('no PACK header (truncated or not a pack)');
  const version = pack.readUInt32BE(4);
  if (version !== 2 && version !== 3) throw corrupt(`unsupported version ${version}`);
  const end = pack.length - 20;
  if (!nodeCrypto().createHash('sha1').update(pack.subarray(0, end)).digest().equals(pack.subarray(end))) throw corrupt('checksum mismatch (damaged or truncated)');
  const count = pack.readUInt32BE(8);

  const entries: Entry[] = [];
  const indexAt = new Map<number, number>();
  const waitingOnIndex = new Map<number, number[]>();
  const waitingOnSha = new Map<string, number[]>();
  let pos = 12;
  let inflatedTotal = 0;
  const byte = () => {
    if (pos >= end) throw corrupt('an entry runs past the end of the pack');
    return pack[pos++]!;
  };
  for (let i = 0; i < count; i++) {
    const offset = pos;
    let c = byte();
    const code = (c >> 4) & 7;
    let size = c & 0x0f;
    for (let mul = 16; c & 0x80; mul *= 128) {
      if (mul > 2 ** 46) throw corrupt(`the size of the entry at offset ${offset} is too large`);
      c = byte();
      size += (c & 0x7f) * mul;
    }
    if (size > MAX_OBJECT_BYTES) throw corrupt(`the entry at offset ${offset} claims ${size} bytes, more than the ${MAX_OBJECT_BYTES} allowed`);
    inflatedTotal += size;
    if (inflatedTotal > MAX_INFLATED_BYTES) throw corrupt(`its objects inflate to more than the ${MAX_INFLATED_BYTES} bytes allowed`);
    let wait: number[] | undefined;
    if (code === OFS_DELTA) {
      c = byte();
      let back = c & 0x7f;
      while (c & 0x80) {
        c = byte();
        back = (back + 1) * 128 + (c & 0x7f);
        if (back > offset) break;
      }
      const base = indexAt.get(offset - back);
      if (base === undefined) throw corrupt(`the delta at offset ${offset} points to no entry`);
      wait = waitingOnIndex.get(base) ?? [];
      waitingOnIndex.set(base, wait);
    } else if (code === REF_DELTA) {
      if (pos + 20 > end) throw corrupt('an entry runs past the end of the pack');
      const base = pack.toString('hex', pos, pos + 20);
      pos += 20;
      wait = waitingOnSha.get(base) ?? [];
      waitingOnSha.set(base, wait);
    } else if (TYPES[code] === undefined) {
      throw corrupt(`the entry at offset ${offset} has unknown type ${code}`);
    }
    // One inflate per entry: it stops at the end of the zlib stream and reports the input it used.
    let inflated: Inflated;
    try {
      inflated = nodeZlib().inflateSync(pack.subarray(pos, end), { info: true, maxOutputLength: Math.max(1, size), chunkSize: Math.min(Math.max(size + 1, 64), 1 << 20) }) as unknown as Inflated;
    } catch {
      throw corrupt(`the data of the entry at offset ${offset} does not inflate to its ${size} bytes`);
    }
    if (inflated.buffer.length !== size) throw corrupt(`the data of the entry at offset ${offset} inflates to ${inflated.buffer.length} bytes, not ${size}`);
    pos += inflated.engine.bytesWritten;
    wait?.push(i);
    indexAt.set(offset, i);
    const type = TYPES[code];
    entries.push({ offset, type, data: inflated.buffer, sha: type ? objectSha(type, inflated.buffer) : '' });
  }
  if (pos !== end) throw corrupt(`${end - pos} stray bytes after its ${count} entries`);

  const stack: number[] = [];
  entries.forEach((e, i) => e.type && stack.push(i));
  let resolved = stack.length;
  while (stack.length > 0) {
    const i = stack.pop()!;
    const base = entries[i]!;
    const children = [...(waitingOnIndex.get(i) ?? []), ...(waitingOnSha.get(base.sha) ?? [])];
    waitingOnSha.delete(base.sha); // a duplicate of this object must not resolve them again
    for (const j of children) {
      const e = entries[j]!;
      e.data = applyDelta(base.data, e.data, e.offset);
      inflatedTotal += e.data.length;
      if (inflatedTotal > MAX_INFLATED_BYTES) throw corrupt(`its objects make more than the ${MAX_INFLATED_BYTES} bytes allowed`);
      e.type = base.type;
      e.sha = objectSha(e.type!, e.data);
      stack.push(j);
      resolved++;
    }
  }
  if (resolved < entries.length) {
    const missing = [...waitingOnSha.keys()][0];
    throw new GfaError('E_GIT', `thin pack: delta base ${missing ?? '(unknown)'} is not in the pack`);
  }
  return entries.map((e) => ({ sha: e.sha, type: e.type!, data: e.data }));
}

/**
 * Rebuilds an object from `base` and a git delta: source and target sizes (7 bits a byte, low
 * bits first), then ops: 0x80 + flags = copy from the base (offset bytes, size bytes; size 0
 * means 0x10000); 1..127 = insert that many bytes that follow; 0 is invalid.
 */
function applyDelta(base: Buffer, delta: Buffer, offset: number): Buffer {
  const bad = (what: string) => corrupt(`the delta at offset ${offset} ${what}`);
  let p = 0;
  const next = () => {
    if (p >= delta.length) throw bad('is truncated');
    return delta[p++]!;
  };
  const varint = () => {
    let value = 0;
    let c: number;
    let mul = 1;
    do {
      if (mul > 2 ** 46) throw bad('has a size that is too large');
      c = next();
      value += (c & 0x7f) * mul;
      mul *= 128;
    } while (c & 0x80);
    return value;
  };
  const sourceSize = varint();
  const targetSize = varint();
  if (sourceSize !== base.length) throw bad(`expects a base of ${sourceSize} bytes, not ${base.length}`);
  if (targetSize > MAX_OBJECT_BYTES) throw bad(`makes ${targetSize} bytes, more than the ${MAX_OBJECT_BYTES} allowed`);
  const out = Buffer.allocUnsafe(targetSize);
  let o = 0;
  while (p < delta.length) {
    const op = delta[p++]!;
    if (op & 0x80) {
      let from = 0;
      let len = 0;
      if (op & 0x01) from = next();
      if (op & 0x02) from |= next() << 8;
      if (op & 0x04) from |= next() << 16;
      if (op & 0x08) from += next() * 0x1000000;
      if (op & 0x10) len = next();
      if (op & 0x20) len |= next() << 8;
      if (op & 0x40) len |= next() << 16;
      if (len === 0) len = 0x10000;
      if (from + len > base.length) throw bad('copies from beyond the end of its base');
      if (o + len > targetSize) throw bad(`writes more than its ${targetSize} bytes`);
      base.copy(out, o, from, from + len);
      o += len;
    } else if (op !== 0) {
      if (p + op > delta.length) throw bad('is truncated');
      if (o + op > targetSize) throw bad(`writes more than its ${targetSize} bytes`);
      delta.copy(out, o, p, p + op);
      p += op;
      o += op;
    } else {
      throw bad('has an invalid op 0');
    }
  }
  if (o !== targetSize) throw bad(`makes ${o} bytes, not ${targetSize}`);
  return out;
}
