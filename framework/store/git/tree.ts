/**
 * Reading and rewriting the data branch's trees. Only the trees on the path of a key are read;
 * a commit rewrites only the trees on the paths of changed keys, so untouched subtrees keep their sha.
 */
import { GfaError } from '../../errors.ts';
import type { GitCache } from './cache.ts';
import { parseTree, serializeTree, type TreeEntry } from './objects.ts';
import type { NewObject } from './pack-write.ts';

const TREE = '40000';
const BLOB = '100644';
const CACHE_LIMIT = 4096;

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

  /** All keys starting with `prefix`, sorted. Fetches missing subtrees one level at a time, in one request per level. */
  async list(root: string | undefined, prefix: string): Promise<string[]> {
    const cut = prefix.lastIndexOf('/');
    const dir = cut === -1 ? '' : prefix.slice(0, cut);
    let start = root;
    if (dir !== '') {
      const entry = await this.lookup(root, dir);
      start = entry?.mode === TREE ? entry.sha : undefined;
    }
    if (start === undefined) return [];
    const keys: string[] = [];
    let level: { sha: string; path: string }[] = [{ sha: start, path: dir }];
    while (level.length > 0) {
      await this.prefetch(level.map((t) => t.sha));
      const next: { sha: string; path: string }[] = [];
      for (const t of level) {
        for (const e of await this.tree(t.sha)) {
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
   * Writes a new tree from `base` (undefined = empty) with `changes` (paths relative to it); undefined
   * when empty. Every object written is also recorded in `created`.
   */
  async rewrite(base: string | undefined, changes: Map<string, Change>, created: NewObject[], at = ''): Promise<string | undefined> {
    const entries = new Map((base ? await this.tree(base) : []).map((e) => [e.name, e]));
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
        const tree = await this.rewrite(old?.sha, sub, created, join(at, name));
        if (tree === undefined) entries.delete(name);
        else entries.set(name, { mode: TREE, name, sha: tree });
      }),
    );
    for (const [name, value] of sets) {
      if (entries.get(name)?.mode === TREE) throw conflict(join(at, name), 'a folder of other keys');
      entries.set(name, { mode: BLOB, name, sha: await this.cache.write('blob', value, created) });
    }
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
