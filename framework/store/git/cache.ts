/**
 * Git plumbing for the data branch: fetch one commit (shallow, with its root tree or a few levels
 * of trees, no values), fetch further objects by id on demand, read objects, push with a lease, and
 * ask the remote for its head. For paths, `file://` and http(s) remotes the protocol is spoken
 * in-process (see `_upload-pack.ts`, `_receive-pack.ts`); other remotes (ssh), and servers without
 * protocol v2, go through git's own processes (`_git-cli.ts`).
 */
import { tmpdir } from 'node:os';
import { preloadBuiltins } from '../../builtins.ts';
import { GfaError } from '../../errors.ts';
import { CatFile, type GitObject } from './catfile.ts';
import { redact } from './exec.ts';
import { FetchSession } from './fetch-session.ts';
import { GitCli, TREE_FILTER_REFUSED, type PushResult } from './git-cli.ts';
import { initBareRepo } from './init.ts';
import { looseObjects, memoryObjects, type ObjectStore } from './object-store.ts';
import { objectSha, parseCommit, parseTree } from './objects.ts';
import { writePack, type NewObject } from './pack-write.ts';
import { readPack } from './pack-read.ts';
import { buildPack, receivePack, startReceivePack, type ReceivePackProcess } from './receive-pack.ts';
import { isHttpRemote, knownTreeDepthLimit, normalizeRemote, speaksUploadPack } from './remote.ts';
import { removeTempRepo, tempRepo } from './temp-repo.ts';
import { type FetchRequest, type UploadPack } from './upload-pack.ts';


export { normalizeRemote } from './remote.ts';

/** Per remote and filter: the filter that made the server send objects wanted by id ('' = none); see `fetchInto`. */
const BY_ID_FILTER = new Map<string, string>();

/**
 * The objects of one remote that a store has fetched or made. With a directory it is a bare
 * repository, safe to share between processes. Without one it lives in memory, unless the
 * remote needs `git` processes (ssh, servers without protocol v2): then a temporary repository
 * is made, and removed on close or at exit.
 */
export class GitCache {
  readonly remote: string;
  #dir: string | undefined;
  #ownDir = false;
  #objects: ObjectStore;
  /** Reads packed objects, which only `git fetch` (the fallback) writes. */
  #packed: CatFile | undefined;
  /** git's own processes, for the fallback. */
  #cli: GitCli | undefined;
  /** True when this remote is fetched with `git fetch` processes rather than in-process. */
  #legacy: boolean;
  readonly #fetch: FetchSession;
  /** The deepest `tree:<n>` filter the remote allows: learnt from a refusal; known for github.com. */
  #maxTreeDepth: number;
  /** A receive-pack started for the first push of a prepared cache (local remotes). */
  #receiver: ReceivePackProcess | undefined;
  #startReceiver = false;

  private constructor(dir: string | undefined, remote: string, memoryBytes?: number) {
    this.remote = normalizeRemote(remote);
    this.#dir = dir;
    this.#objects = dir === undefined ? memoryObjects(memoryBytes) : looseObjects(dir);
    this.#legacy = !speaksUploadPack(this.remote);
    this.#maxTreeDepth = knownTreeDepthLimit(this.remote);
    this.#fetch = new FetchSession(this.remote, this.safeRemote, () => this.cwd, async () => {
      this.#legacy = true;
      await this.repo();
    });
  }

  /**
   * Opens (creating if needed) the cache at `dir` for `remote`; without `dir`, a private cache in
   * memory holding up to `memoryBytes` of objects (default 64 MB).
   */
  static async open(dir: string | undefined, remote: string, memoryBytes?: number): Promise<GitCache> {
    if (dir !== undefined) await initBareRepo(dir);
    const cache = new GitCache(dir, remote, memoryBytes);
    if (cache.#legacy) await cache.repo();
    return cache;
  }

  /** The cache's repository, for `git` processes; a private cache gets a temporary one now. */
  private async repo(): Promise<string> {
    if (this.#dir === undefined) {
      const dir = tempRepo();
      this.#dir = dir;
      this.#ownDir = true;
      await initBareRepo(dir);
      // Objects so far stay readable in memory; new ones go where git can read them.
      const memory = this.#objects;
      const loose = looseObjects(dir);
      this.#objects = { get: async (sha) => (await memory.get(sha)) ?? loose.get(sha), put: loose.put };
    }
    return this.#dir;
  }

  /** Where processes that need no repository (upload-pack, receive-pack of a path remote) run. */
  private get cwd(): string {
    return this.#dir ?? tmpdir();
  }

  /** Stores a new object made by a transaction (recorded in `created`, from which its pack is written). */
  async write(type: 'blob' | 'tree' | 'commit', data: Uint8Array, created: NewObject[]): Promise<string> {
    const sha = objectSha(type, data);
    created.push({ sha, type, data });
    await this.#objects.put(sha, type, data);
    return sha;
  }

  /** git's own processes on the cache's repository (the fallback transport). */
  private async cli(): Promise<GitCli> {
    return (this.#cli ??= new GitCli(await this.repo(), this.remote));
  }

  /** The protocol-v2 conversation with the remote; undefined = use git's processes. */
  private async session(current = false, firstRef?: string): Promise<UploadPack | undefined> {
    return this.#legacy ? undefined : this.#fetch.get(current, firstRef);
  }

  /**
   * Starts the conversation for `branch` now (see `Driver.prepare`). The next head read takes the
   * ls-refs answer asked for here; once it has sent the fetch, a local remote's receive-pack is
   * started for the first push, and the built-ins reading the pack needs are loaded.
   */
  prepare(branch: string): void {
    if (this.#legacy || !this.#fetch.prepare(`refs/heads/${branch}`)) return;
    // Its receive-pack is started once the head fetch is sent: spawning costs this thread a few
    // milliseconds, which the wait for the pack then hides.
    this.#startReceiver = !isHttpRemote(this.remote);
  }

  /**
   * Fetches the wanted objects and keeps them in the cache. A server may leave out objects it was
   * asked for by id (JGit answers a want under `filter tree:0` with an empty pack, where git sends
   * explicitly wanted objects whatever the filter): those are asked again with `blob:none` (what
   * git's own lazy fetch uses), then with no filter, and the filter that worked is remembered for
   * this remote.
   */
  private async fetchInto(s: UploadPack, request: FetchRequest): Promise<Map<string, GitObject>> {
    const learnt = request.filter === undefined ? undefined : BY_ID_FILTER.get(`${this.remote}\0${request.filter}`);
    const first = learnt === undefined ? request : { ...request, filter: learnt === '' ? undefined : learnt };
    const got = await this.fetchPack(s, first);
    let missing = request.wants.filter((w) => !got.has(w));
    for (const filter of ['blob:none', undefined]) {
      if (missing.length === 0 || filter === first.filter) continue;
      const more = await this.fetchPack((await this.session())!, { ...request, wants: missing, ...(filter ? { filter } : { filter: undefined }) });
      for (const [sha, o] of more) got.set(sha, o);
      missing = missing.filter((w) => !got.has(w));
      if (missing.length === 0 && request.filter !== undefined) BY_ID_FILTER.set(`${this.remote}\0${request.filter}`, filter ?? '');
    }
    return got;
  }

  /** One fetch; its objects are kept in the cache. */
  private async fetchPack(s: UploadPack, request: FetchRequest): Promise<Map<string, GitObject>> {
    const pack = await this.#fetch.run('fetch', s, (u) => u.fetch(request));
    const objects = readPack(pack);
    await Promise.all(objects.map((o) => this.#objects.put(o.sha, o.type, o.data)));
    return new Map(objects.map((o) => [o.sha, { type: o.type, data: o.data }]));
  }

  /**
   * Fetches the head commit of `branch` with its root tree only (`--depth=1 --filter=tree:1`), or
   * with `treeDepth` levels of trees (and the values at those levels). Returns its sha, or undefined
   * when the branch does not exist on the remote.
   */
  async fetchHead(branch: string, treeDepth = 1): Promise<string | undefined> {
    const s = await this.session(true, `refs/heads/${branch}`);
    if (!s) return (await this.cli()).fetchHead(branch);
    const sha = await this.#fetch.run('ls-refs', s, (u) => u.lsRef(`refs/heads/${branch}`));
    const fetching = sha !== undefined && !(await this.readLocal(sha)) ? this.fetchHeadObjects(s, sha, treeDepth) : undefined;
    if (this.#startReceiver) {
      this.#startReceiver = false;
      this.#receiver = startReceivePack(this.cwd, this.remote);
    }
    if (fetching) preloadBuiltins(); // reading the pack needs them: load them while the remote makes it
    await fetching;
    return sha;
  }

  /**
   * The head commit and `treeDepth` levels of its tree: one fetch with the `tree:<depth>` filter,
   * or, where the server allows only `tree:0` (GitHub does), the commit and then each level by id.
   */
  private async fetchHeadObjects(s: UploadPack, sha: string, treeDepth: number): Promise<void> {
    if (treeDepth <= this.#maxTreeDepth) {
      try {
        await this.fetchInto(s, { wants: [sha], depth: 1, filter: `tree:${treeDepth}` });
        return;
      } catch (err) {
        const refused = TREE_FILTER_REFUSED.exec((err as Error).message);
        if (!refused) throw err;
        this.#maxTreeDepth = Number(refused[1] ?? 0);
      }
      s = (await this.session())!; // a refusal ends a local upload-pack: open another
    }
    const commit = (await this.fetchInto(s, { wants: [sha], depth: 1, filter: 'tree:0' })).get(sha);
    if (!commit) throw new GfaError('E_REMOTE', `${this.safeRemote} did not send commit ${sha}; retry`);
    let level = [parseCommit(commit.data).tree];
    for (let depth = 1; depth <= treeDepth && level.length > 0; depth++) {
      const trees = await this.fetchInto(s, { wants: level, filter: 'tree:0' });
      if (depth === treeDepth) break;
      level = [...trees.values()].flatMap((t) => (t.type === 'tree' ? parseTree(t.data).filter((e) => e.mode === '40000').map((e) => e.sha) : []));
    }
  }

  /**
   * Fetches objects by id in one request. `tree:0` (default) brings each object alone;
   * `blob:none` brings wanted trees with every tree below them (for listing).
   */
  async fetchObjects(shas: string[], filter: 'tree:0' | 'blob:none' = 'tree:0'): Promise<Map<string, GitObject>> {
    if (shas.length === 0) return new Map();
    const s = await this.session();
    if (s) return this.fetchInto(s, { wants: shas, filter });
    await (await this.cli()).fetchObjects(shas, filter);
    return new Map();
  }

  /** Reads an object, fetching it from the remote when it is not cached yet. */
  async read(sha: string): Promise<GitObject> {
    const local = await this.readLocal(sha);
    if (local) return local;
    // From the fetch's own answer first: a memory cache may already have dropped it again when
    // one read brings more than the cache holds.
    const fetched = (await this.fetchBatched(sha)).get(sha) ?? (await this.readLocal(sha));
    if (!fetched) throw new GfaError('E_REMOTE', `${this.safeRemote} did not send object ${sha}, asked for by id with and without filters: it is gone (a force-push and garbage collection) or the server withholds it; retry, and if it persists check the server`);
    return fetched;
  }

  /** An object already in the cache, or undefined. */
  async readLocal(sha: string): Promise<GitObject | undefined> {
    const found = await this.#objects.get(sha);
    if (found || !this.#legacy) return found;
    this.#packed ??= new CatFile(await this.repo());
    return this.#packed.read(sha);
  }

  #batch: { shas: Set<string>; done: Promise<Map<string, GitObject>> } | undefined;

  /** Objects missed in the same tick (e.g. `Promise.all` of gets) are fetched in one request. */
  private fetchBatched(sha: string): Promise<Map<string, GitObject>> {
    if (!this.#batch || this.#batch.shas.size >= 1000) {
      const batch: { shas: Set<string>; done: Promise<Map<string, GitObject>> } = { shas: new Set(), done: Promise.resolve(new Map()) };
      batch.done = sleep(0).then(() => {
        if (this.#batch === batch) this.#batch = undefined;
        return this.fetchObjects([...batch.shas]);
      });
      this.#batch = batch;
    }
    this.#batch.shas.add(sha);
    return this.#batch.done;
  }

  /**
   * Pushes `commit` to `branch` only if the remote branch is still at `expected`
   * (undefined = the branch must not exist yet). `haves` (the base root tree, the base commit) are
   * objects the remote has, so the pack holds only what is new. `created`, when given, is every object
   * the new commit adds (new trees on changed paths, new blobs, the commit): the pack is written from it
   * in-process. Never the bare `--force-with-lease`.
   */
  async push(branch: string, commit: string, expected: string | undefined, haves: string[], created?: NewObject[]): Promise<{ result: PushResult; message?: string }> {
    const ref = `refs/heads/${branch}`;
    if (speaksUploadPack(this.remote)) {
      const pack = created ? writePack(created) : await buildPack(await this.repo(), commit, haves);
      const started = this.#receiver;
      this.#receiver = undefined;
      const r = await receivePack(this.cwd, this.remote, ref, commit, expected, pack, started);
      if (r.status === 'ok') return { result: 'ok' };
      if (r.status === 'rejected') return { result: 'rejected', message: r.reason };
      return { result: 'ambiguous', message: r.message };
    }
    return (await this.cli()).push(ref, commit, expected);
  }

  /** The remote's current head of `branch` (one round trip), or undefined when it does not exist. */
  async lsRemote(branch: string): Promise<string | undefined> {
    const s = await this.session(true, `refs/heads/${branch}`);
    if (s) return this.#fetch.run('ls-refs', s, (u) => u.lsRef(`refs/heads/${branch}`));
    return (await this.cli()).lsRemote(branch);
  }

  /** Stops the processes this cache started and removes its temporary repository. */
  close(): void {
    this.#packed?.close();
    this.#receiver?.close();
    this.#receiver = undefined;
    if (this.#ownDir && this.#dir) removeTempRepo(this.#dir);
    this.#fetch.close();
  }

  /** The remote URL without credentials, for messages. */
  get safeRemote(): string {
    return redact(this.remote);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
