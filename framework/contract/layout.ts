/**
 * @module Where a key lives on the data branch: the flat layout, and directories fanned out into
 * hashed sub-directories past a size, declared by the head commit's `gfa-layout` trailer (re-exported
 * by ../contract.ts, which every reader and writer imports).
 */
import { GfaError } from '../errors.ts';
import { KEY_PATTERN } from './keys.ts';

/**
 * How the data branch lays keys out as files. Layout "flat" (no trailer): a key is the file at its
 * own path. Layout "fanout-1": a directory listed in the head commit's `gfa-layout` trailer keeps its
 * entries in 256 hashed sub-directories (`results/3f/<id>`), as `git notes` does; every other
 * directory is as in "flat". The trailer also holds each listed directory's entry count, so a writer
 * knows when to fan it back in without reading it all.
 */
export interface Layout {
  /** Fanned-out directories (their key prefix without the trailing `/`, '' = the root) → number of entries in them. */
  fan: Map<string, number>;
}

/** The commit-message trailer that declares the layout (absent = flat). */
export const LAYOUT_TRAILER = 'gfa-layout';
/** The one layout besides flat that this version reads and writes. */
export const LAYOUT_FANOUT = 'fanout-1';

/** The empty (flat) layout. */
export function flatLayout(): Layout {
  return { fan: new Map() };
}

/**
 * The layout a head commit's message declares: its trailer block may end with `gfa-layout: <name> <JSON>`
 * (followed only by a `gfa-mac` line). Throws E_LAYOUT for a layout this version does not know, so an
 * old reader refuses instead of misreading.
 */
export function parseLayout(message: string): Layout {
  const line = layoutLine(message);
  if (line === undefined) return flatLayout();
  const m = /^gfa-layout: (\S+)(?: (.*))?$/.exec(line);
  const name = m?.[1] ?? '';
  if (name !== LAYOUT_FANOUT) {
    throw new GfaError('E_LAYOUT', `the data branch declares store layout ${JSON.stringify(name.slice(0, 40))}, which this gfa does not know (it reads flat and ${LAYOUT_FANOUT}): upgrade gfa to read it`);
  }
  let dirs: unknown;
  try {
    dirs = JSON.parse(m?.[2] ?? '');
  } catch {
    dirs = undefined;
  }
  if (typeof dirs !== 'object' || dirs === null || Array.isArray(dirs)) throw new GfaError('E_LAYOUT', `the data branch's ${LAYOUT_TRAILER} trailer is malformed: put the branch back to the last commit gfa wrote`);
  const fan = new Map<string, number>();
  for (const [dir, count] of Object.entries(dirs)) {
    if ((dir !== '' && !KEY_PATTERN.test(dir)) || !Number.isSafeInteger(count) || (count as number) < 0) throw new GfaError('E_LAYOUT', `the data branch's ${LAYOUT_TRAILER} trailer is malformed: put the branch back to the last commit gfa wrote`);
    fan.set(dir, count as number);
  }
  return { fan };
}

/** The `gfa-layout` line of a commit message (the last trailer, or the one before `gfa-mac`), or undefined. */
export function layoutLine(message: string): string | undefined {
  const lines = message.replace(/\s+$/, '').split('\n');
  let last = lines.pop();
  if (last?.startsWith('gfa-mac:')) last = lines.pop();
  return last?.startsWith(`${LAYOUT_TRAILER}:`) ? last : undefined;
}

/** The trailer line for `layout`, or undefined when nothing is fanned out (a flat store stays readable by any gfa). */
export function formatLayout(layout: Layout): string | undefined {
  if (layout.fan.size === 0) return undefined;
  const dirs = Object.fromEntries([...layout.fan].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return `${LAYOUT_TRAILER}: ${LAYOUT_FANOUT} ${JSON.stringify(dirs)}`;
}

const utf8 = new TextEncoder();

/** The hashed sub-directory (`00`…`ff`) of entry `name` in a fanned-out directory: the top byte of FNV-1a-32 of its UTF-8 bytes. */
export function bucketOf(name: string): string {
  let h = 0x811c9dc5;
  for (const byte of utf8.encode(name)) h = Math.imul(h ^ byte, 0x01000193) >>> 0;
  return (h >>> 24).toString(16).padStart(2, '0');
}

/**
 * The one place a key becomes a file path on the data branch: the identity in a flat layout; a
 * segment inside a fanned-out directory gains its hashed sub-directory (`results/x` → `results/3f/x`).
 */
export function keyPath(key: string, layout: Layout = flatLayout()): string {
  if (layout.fan.size === 0) return key;
  const out: string[] = [];
  let dir = '';
  for (const segment of key.split('/')) {
    if (layout.fan.has(dir)) out.push(bucketOf(segment));
    out.push(segment);
    dir = dir === '' ? segment : `${dir}/${segment}`;
  }
  return out.join('/');
}

/** The key a file path on the data branch holds under `layout` (the inverse of {@link keyPath}), or undefined for a path that is no key's. */
export function pathKey(path: string, layout: Layout): string | undefined {
  if (layout.fan.size === 0) return path;
  const parts = path.split('/');
  const key: string[] = [];
  let dir = '';
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (layout.fan.has(dir)) {
      const name = parts[++i];
      if (name === undefined || bucketOf(name) !== part) return undefined;
      key.push(name);
      dir = dir === '' ? name : `${dir}/${name}`;
    } else {
      key.push(part);
      dir = dir === '' ? part : `${dir}/${part}`;
    }
  }
  return key.join('/');
}
