/**
 * Git's pkt-line framing: a 4-hex-digit length (which counts itself) then the payload; `0000` is a
 * flush, `0001` a delimiter and `0002` a response end (protocol v2). Every git wire exchange we
 * speak (upload-pack, receive-pack, over a pipe or smart HTTP) is made of these.
 */

/** One pkt-line: a payload, or one of the special packets. */
export type Pkt = { kind: 'data'; data: Buffer } | { kind: 'flush' | 'delim' | 'end' };

/** Encodes one line (a string gets no newline added; add it yourself where the protocol wants one). */
export function pkt(line: string | Buffer): Buffer {
  const body = typeof line === 'string' ? Buffer.from(line) : line;
  return Buffer.concat([Buffer.from((body.length + 4).toString(16).padStart(4, '0')), body]);
}

export const FLUSH = Buffer.from('0000');
export const DELIM = Buffer.from('0001');

/**
 * Splits `buf` into pkt-lines. Returns the packets and how many bytes they used; a partial packet
 * at the end is left for the next call. Throws on a length that is not hex (not a git stream).
 */
export function splitPkts(buf: Buffer): { pkts: Pkt[]; used: number } {
  const pkts: Pkt[] = [];
  let i = 0;
  while (i + 4 <= buf.length) {
    const head = buf.toString('latin1', i, i + 4);
    if (!/^[0-9a-f]{4}$/i.test(head)) throw new Error(`not a git pkt-line stream (got ${JSON.stringify(head)})`);
    const len = Number.parseInt(head, 16);
    if (len === 3) throw new Error('not a git pkt-line stream (a packet of length 3)');
    if (len < 4) {
      pkts.push({ kind: len === 0 ? 'flush' : len === 1 ? 'delim' : 'end' });
      i += 4;
      continue;
    }
    if (i + len > buf.length) break;
    pkts.push({ kind: 'data', data: buf.subarray(i + 4, i + len) });
    i += len;
  }
  return { pkts, used: i };
}

/** A packet's payload as text without its trailing newline; undefined for special packets. */
export function pktText(p: Pkt): string | undefined {
  if (p.kind !== 'data') return undefined;
  const s = p.data.toString('utf8');
  return s.endsWith('\n') ? s.slice(0, -1) : s;
}
