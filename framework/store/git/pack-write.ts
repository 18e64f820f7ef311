/**
 * Git's pack format (version 2), written in-process for the few objects a transaction creates, so a
 * push needs no `git pack-objects` process. Objects are stored whole (no deltas): a transaction's
 * pack holds only its new blobs, the trees on their paths and one commit.
 */
import { nodeCrypto, nodeZlib } from '../../builtins.ts';

/** An object created by a transaction. */
export interface NewObject {
  sha: string;
  type: 'blob' | 'tree' | 'commit';
  data: Uint8Array;
}

const TYPE_CODE = { commit: 1, tree: 2, blob: 3 } as const;

/** A pack of `objects` (duplicates by sha are written once). */
export function writePack(objects: NewObject[]): Buffer {
  const unique = [...new Map(objects.map((o) => [o.sha, o])).values()];
  const header = Buffer.alloc(12);
  header.write('PACK', 0, 'latin1');
  header.writeUInt32BE(2, 4);
  header.writeUInt32BE(unique.length, 8);
  const parts: Buffer[] = [header];
  for (const o of unique) parts.push(entryHeader(TYPE_CODE[o.type], o.data.length), nodeZlib().deflateSync(o.data));
  const body = Buffer.concat(parts);
  return Buffer.concat([body, nodeCrypto().createHash('sha1').update(body).digest()]);
}

/** Type and size: 3 type bits and 4 size bits, then 7 size bits a byte, high bit = more bytes follow. */
export function entryHeader(type: number, size: number): Buffer {
  const bytes: number[] = [];
  let byte = (type << 4) | (size & 0x0f);
  let rest = Math.floor(size / 16);
  while (rest > 0) {
    bytes.push(byte | 0x80);
    byte = rest & 0x7f;
    rest = Math.floor(rest / 128);
  }
  bytes.push(byte);
  return Buffer.from(bytes);
}
