/**
 * Reading and rewriting the data branch's trees. Only the trees on the path of a key are read;
 * a commit rewrites only the trees on the paths of changed keys, so untouched subtrees keep their sha.
 */
import { GfaError } from '../../errors.ts';
import type { GitCache } from './cache.ts';
import { parseTree, serializeTree, type TreeEntry } from './objects.ts';
import type { NewObject } from './pack-write.ts';
import { bucketOf, flatLayout, keyPath, type Layout } from '../../contract.ts';

const TREE = '40000';
const BLOB = '100644';
const CACHE_LIMIT = 4096;

/** When a directory fans out (more than `max` entries) and back in (fewer than `min`); see `Layout` in contract.ts. */
export interface FanoutLimits {
  max: number;
  min: number;
}

/**
 * The default limits: a directory of more than 1024 entries moves them into 256 hashed
 * sub-directories (a write then rewrites a tree of ~256 and one of ~n/256 entries instead of one of
 * n); below 512 it becomes flat again (the gap keeps a directory near the limit from flapping).
 */
export const FANOUT: FanoutLimits = { max: 1024, min: 512 };

/** A buffered write: bytes to set, or null to delete. */
export type Change = Uint8Array | null;

/** Reads trees and blobs of one cache, remembering parsed trees (immutable by sha). */
export class TreeReader {
  #trees = new Map<string, TreeEntry[]>();

  constructor(readonly cache: GitCache) {}

  /** Entries of tree `sha`. */
  async tree(sha: string): Promise<TreeEntry[]> {
    const hit = this.#trees.get(sha);
    if (hit) return hit;
    const obj = await this.cache.read(sha);
    const entries = parseTree(obj.data);
    if (this.#trees.size >= CACHE_LIMIT) this.#trees.clear();
    this.#trees.set(sha, entries);
    return entries;
  }

  /** The entry at `path` below tree `root`, or undefined. */
  async lookup(root: string | undefined, path: string): Promise<TreeEntry | undefined> {
    let entry: TreeEntry | undefined;
    let tree = root;
    for (const name of path.split('/')) {
      if (tree === undefined) return undefined;
      entry = (await this.tree(tree)).find((e) => e.name === name);
      tree = entry?.mode === TREE ? entry.sha : undefined;
    }
    return entry;
  }

  /** The bytes of the key at `path`, or undefined (a folder is not a key). */
  async get(root: string | undefined, path: string): Promise<Uint8Array | undefined> {
    const entry = await this.lookup(root, path);
    if (!entry || entry.mode === TREE) return undefined;
    return new Uint8Array((await this.cache.read(entry.sha)).data);
  }

  /**
   * All keys starting with `prefix`, sorted, under `layout` (a fanned-out directory's hashed
   * sub-directories are walked, not listed). Fetches missing subtrees one level at a time, in one
   * request per level.
   */
  async list(root: string | undefined, prefix: string, layout: Layout = flatLayout()): Promise<string[]> {
    const cut = prefix.lastIndexOf('/');
    const dir = cut === -1 ? '' : prefix.slice(0, cut);
    let start = root;
    if (dir !== '') {
      const entry = await this.lookup(root, keyPath(dir, layout));
      start = entry?.mode === TREE ? entry.sha : undefined;
    }
    if (start === undefined) return [];
    const keys: string[] = [];
    /** `path`: the directory's key prefix; `bucket`: a hashed sub-directory of it. */
    let level: { sha: string; path: string; bucket?: true }[] = [{ sha: start, path: dir }];
    while (level.length > 0) {
      await this.prefetch(level.map((t) => t.sha));
      const next: typeof level = [];
      for (const t of level) {
        const entries = await this.tree(t.sha);
        if (!t.bucket && layout.fan.has(t.path)) {
          for (const e of entries) if (e.mode === TREE) next.push({ sha: e.sha, path: t.path, bucket: true });
          continue;
        }
        for (const e of entries) {
          const path = t.path === '' ? e.name : `${t.path}/${e.name}`;
          const relevant = path.startsWith(prefix) || prefix.startsWith(`${path}/`);
          if (!relevant) continue;
          if (e.mode === TREE) next.push({ sha: e.sha, path });
          else if (path.startsWith(prefix)) keys.push(path);
        }
      }
      level = next;
    }
    return keys.sort();
  }

  /** Fetches, in one request, those of `shas` (trees) that are not cached, with all trees below them. */
  private async prefetch(shas: string[]): Promise<void> {
    const missing: string[] = [];
    for (const sha of shas) if (!this.#trees.has(sha) && !(await this.cache.readLocal(sha))) missing.push(sha);
    if (missing.length > 0) await this.cache.fetchObjects(missing, 'blob:none');
  }

  /**
   * Writes a new tree from `base` (undefined = empty) with `changes` (key paths relative to it);
   * undefined when empty. `layout` is updated as directories fan out past `limits.max` entries and
   * back in below `limits.min`. Every object written is also recorded in `created`.
   */
  async rewrite(base: string | undefined, changes: Map<string, Change>, created: NewObject[], layout: Layout = flatLayout(), limits: FanoutLimits = FANOUT, at = ''): Promise<string | undefined> {
    const top = base ? await this.tree(base) : [];
    if (base === undefined) layout.fan.delete(at); // a new directory starts flat
    const count = layout.fan.get(at);
    if (count === undefined) {
      const entries = new Map(top.map((e) => [e.name, e]));
      await this.apply(entries, changes, created, layout, limits, at);
      return entries.size > limits.max ? this.fanOut(entries, created, layout, at) : this.write(entries, created);
    }
    // A fanned-out directory: only the hashed sub-directories of changed entries are read and rewritten.
    const buckets = new Map(top.map((e) => [e.name, e]));
    const byBucket = new Map<string, Map<string, Change>>();
    for (const [path, value] of changes) {
      const slash = path.indexOf('/');
      const bucket = bucketOf(slash === -1 ? path : path.slice(0, slash));
      if (!byBucket.has(bucket)) byBucket.set(bucket, new Map());
      byBucket.get(bucket)!.set(path, value);
    }
    let size = count;
    await Promise.all(
      [...byBucket].map(async ([bucket, sub]) => {
        const old = buckets.get(bucket);
        const entries = new Map((old?.mode === TREE ? await this.tree(old.sha) : []).map((e) => [e.name, e]));
        const before = entries.size;
        await this.apply(entries, sub, created, layout, limits, at);
        size += entries.size - before;
        const sha = await this.write(entries, created);
        if (sha === undefined) buckets.delete(bucket);
        else buckets.set(bucket, { mode: TREE, name: bucket, sha });
      }),
    );
    if (size >= limits.min) {
      layout.fan.set(at, size);
      return this.write(buckets, created);
    }
    // Fan back in: every hashed sub-directory is read once (one request), then one flat tree.
    layout.fan.delete(at);
    await this.prefetch([...buckets.values()].map((e) => e.sha));
    const all = new Map<string, TreeEntry>();
    for (const b of buckets.values()) for (const e of await this.tree(b.sha)) all.set(e.name, e);
    return this.write(all, created);
  }

  /** Applies `changes` to the entries of one directory (or of one hashed sub-directory of it) at key prefix `at`. */
  private async apply(entries: Map<string, TreeEntry>, changes: Map<string, Change>, created: NewObject[], layout: Layout, limits: FanoutLimits, at: string): Promise<void> {
    const groups = new Map<string, Map<string, Change>>();
    const sets: [string, Uint8Array][] = [];
    for (const [path, value] of changes) {
      const slash = path.indexOf('/');
      if (slash !== -1) {
        const head = path.slice(0, slash);
        if (!groups.has(head)) groups.set(head, new Map());
        groups.get(head)!.set(path.slice(slash + 1), value);
      } else if (value !== null) {
        sets.push([path, value]);
      } else if (entries.get(path)?.mode !== TREE) {
        entries.delete(path); // deleting a folder is not deleting a key: nothing to do
      }
    }
    // Order matters so that "delete a, set a/b" and "delete a/x, set a" both work: deletes, folders, then sets.
    await Promise.all(
      [...groups].map(async ([name, sub]) => {
        const old = entries.get(name);
        if (old && old.mode !== TREE) {
          if ([...sub.values()].some((v) => v !== null)) throw conflict(join(at, name), 'a key, so it cannot hold other keys');
          return;
        }
        const tree = await this.rewrite(old?.sha, sub, created, layout, limits, join(at, name));
        if (tree === undefined) entries.delete(name);
        else entries.set(name, { mode: TREE, name, sha: tree });
      }),
    );
    for (const [name, value] of sets) {
      if (entries.get(name)?.mode === TREE) throw conflict(join(at, name), 'a folder of other keys');
      entries.set(name, { mode: BLOB, name, sha: await this.cache.write('blob', value, created) });
    }
  }

  /** Moves the entries of the directory at `at` into hashed sub-directories (it grew past the limit). */
  private async fanOut(entries: Map<string, TreeEntry>, created: NewObject[], layout: Layout, at: string): Promise<string> {
    const buckets = new Map<string, Map<string, TreeEntry>>();
    for (const e of entries.values()) {
      const bucket = bucketOf(e.name);
      if (!buckets.has(bucket)) buckets.set(bucket, new Map());
      buckets.get(bucket)!.set(e.name, e);
    }
    const top = new Map<string, TreeEntry>();
    for (const [bucket, sub] of buckets) top.set(bucket, { mode: TREE, name: bucket, sha: (await this.write(sub, created))! });
    layout.fan.set(at, entries.size);
    return (await this.write(top, created))!;
  }

  private async write(entries: Map<string, TreeEntry>, created: NewObject[]): Promise<string | undefined> {
    if (entries.size === 0) return undefined;
    return this.cache.write('tree', serializeTree([...entries.values()]), created);
  }
}

function join(a: string, b: string): string {
  return a === '' ? b : `${a}/${b}`;
}

function conflict(key: string, what: string): GfaError {
  return new GfaError('E_USAGE', `key "${key}" is ${what}; a key cannot be both a value and a folder of keys, delete one first`);
}
