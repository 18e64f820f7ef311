/**
 * @module Which IP addresses a feed fetch may connect to: public unicast only. Loopback, private,
 * link-local, unique-local, CGNAT, unspecified, multicast, documentation and reserved ranges are refused,
 * for IPv4 and IPv6, including IPv4 carried inside IPv6 (mapped `::ffff:a.b.c.d`, NAT64 `64:ff9b::/96`,
 * 6to4 `2002::/16`, the old compatible `::a.b.c.d`). Ranges from the IANA special-purpose registries
 * (https://www.iana.org/assignments/iana-ipv4-special-registry, .../iana-ipv6-special-registry).
 */
import { isIP } from 'node:net';

/** Why an address is refused, in words; `loopback` is the one kind a setting can allow. */
export type AddressKind = 'loopback' | 'private' | 'link-local' | 'unique-local' | 'shared (CGNAT)' | 'unspecified' | 'multicast' | 'reserved';

type Range = [prefix: bigint, bits: number, kind: AddressKind];

const V4: [string, number, AddressKind][] = [
  ['0.0.0.0', 8, 'unspecified'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'shared (CGNAT)'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'reserved'],
  ['192.0.2.0', 24, 'reserved'],
  ['192.88.99.0', 24, 'reserved'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'reserved'],
  ['198.51.100.0', 24, 'reserved'],
  ['203.0.113.0', 24, 'reserved'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'],
];
/**
 * The IPv6 special-purpose registry's ranges that are not globally reachable, read 2026-12-07 (RFC 6890
 * and its updates: RFC 8215 local-use NAT64, RFC 9637 documentation 3fff::/20, RFC 9602 SRv6 SIDs
 * 5f00::/16, RFC 9780 dummy prefix). Teredo (2001::/32) carries an obfuscated IPv4 address that this
 * table cannot check, so it is refused whole, as are ORCHID (2001:10::/28, deprecated) and ORCHIDv2
 * (2001:20::/28) and benchmarking (2001:2::/48).
 */
const V6: [string, number, AddressKind][] = [
  ['::', 128, 'unspecified'],
  ['::1', 128, 'loopback'],
  ['64:ff9b:1::', 48, 'reserved'],
  ['100::', 64, 'reserved'],
  ['100:0:0:1::', 64, 'reserved'],
  ['2001::', 32, 'reserved'],
  ['2001:2::', 48, 'reserved'],
  ['2001:10::', 28, 'reserved'],
  ['2001:20::', 28, 'reserved'],
  ['2001:db8::', 32, 'reserved'],
  ['3fff::', 20, 'reserved'],
  ['5f00::', 16, 'reserved'],
  ['fc00::', 7, 'unique-local'],
  ['fe80::', 10, 'link-local'],
  ['fec0::', 10, 'private'],
  ['ff00::', 8, 'multicast'],
];
/** IPv6 prefixes that carry an IPv4 address, and where it sits (bit offset from the right). */
const EMBEDS_V4: [prefix: bigint, bits: number, shift: bigint][] = [
  [v6('::ffff:0:0'), 96, 0n],
  // SIIT "IPv4-translated" addresses (RFC 2765 §2.1), e.g. ::ffff:0:7f00:1.
  [v6('::ffff:0:0:0'), 96, 0n],
  [v6('64:ff9b::'), 96, 0n],
  [v6('::'), 96, 0n],
  [v6('2002::'), 16, 80n],
];

const v4Ranges: Range[] = V4.map(([a, bits, kind]) => [v4(a), bits, kind]);
const v6Ranges: Range[] = V6.map(([a, bits, kind]) => [v6(a), bits, kind]);

function v4(text: string): bigint {
  return text.split('.').reduce((n, part) => (n << 8n) | BigInt(Number(part)), 0n);
}

/** The 128-bit value of an IPv6 address (with `::` and an optional dotted IPv4 tail). */
function v6(text: string): bigint {
  let s = text;
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (dotted) {
    const n = v4(dotted[1]!);
    s = `${s.slice(0, dotted.index)}${(n >> 16n).toString(16)}:${(n & 0xffffn).toString(16)}`;
  }
  const [head = '', tail] = s.split('::');
  const groups = (part: string): string[] => (part === '' ? [] : part.split(':'));
  const h = groups(head);
  const t = tail === undefined ? [] : groups(tail);
  const all = tail === undefined ? h : [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  return all.reduce((n, g) => (n << 16n) | BigInt(parseInt(g, 16)), 0n);
}

const inRange = (value: bigint, width: number, prefix: bigint, bits: number): boolean => value >> BigInt(width - bits) === prefix >> BigInt(width - bits);

function kindOfV4(n: bigint): AddressKind | undefined {
  return v4Ranges.find(([p, bits]) => inRange(n, 32, p, bits))?.[2];
}

/**
 * The kind of a non-public address, or undefined when `ip` is a public unicast address.
 * Anything that is not a valid IP literal counts as `reserved` (refused).
 */
export function addressKind(ip: string): AddressKind | undefined {
  const bare = ip.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const family = isIP(bare);
  if (family === 4) return kindOfV4(v4(bare));
  if (family !== 6) return 'reserved';
  const n = v6(bare.toLowerCase());
  const own = v6Ranges.find(([p, bits]) => inRange(n, 128, p, bits))?.[2];
  if (own) return own;
  for (const [prefix, bits, shift] of EMBEDS_V4) {
    if (inRange(n, 128, prefix, bits)) return kindOfV4((n >> shift) & 0xffffffffn) ?? (shift === 0n && bits === 96 && prefix === 0n ? 'reserved' : undefined);
  }
  return undefined;
}

/** Undefined when a fetch may connect to `ip`; else why not, in words. `allowLoopback` lets 127/8 and ::1 through. */
export function refusal(ip: string, allowLoopback: boolean): string | undefined {
  const kind = addressKind(ip);
  if (kind === undefined || (kind === 'loopback' && allowLoopback)) return undefined;
  return `${ip} is a ${kind} address; feeds are fetched from public addresses only`;
}
