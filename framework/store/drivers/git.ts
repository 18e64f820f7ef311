/**
 * The data-branch driver: each transaction reads one commit of the branch (fetched shallow, trees
 * and blobs on demand), buffers its writes, and lands them as one commit pushed with a lease.
 * On a concurrent write it re-fetches and re-runs the transaction function.
 */
import { GfaError } from '../../errors.ts';
import { commitBody, parseCommit } from '../git/objects.ts';
import { FANOUT, TreeReader, type Change, type FanoutLimits } from '../git/tree.ts';
import { formatLayout, keyPath, parseLayout, resultKey, type Layout } from '../../contract.ts';
import { emptyResults, formatResults, parseResults, resultId, rollResults, type ResultsHint } from '../../contract/results-trailer.ts';
import { GitCache } from '../git/cache.ts';
import { checkCommitter, committerFromEnv, type Committer } from '../git/identity.ts';
import type { NewObject } from '../git/pack-write.ts';
import { overlayTx } from '../overlay.ts';
import { retryBudget } from '../retry.ts';
import type { HeadAuth } from '../../crypto/head-auth.ts';
import type { Driver, DriverTx, TxOptions } from '../types.ts';

/** Options of {@link gitDriver}. */
export interface GitDriverOptions {
  /** Remote URL: a path, `file://`, or `http(s)://` (credentials in the URL are never printed). */
  remote: string;
  /** Branch holding the data. @default "data" */
  branch?: string;
  /** `squash`: every commit is a new root commit (the branch never grows); `keep`: linear history. @default "squash" */
  history?: 'squash' | 'keep';
  /**
   * Levels of the tree that come with the head commit: 1 = the root tree only (reading a key then
   * fetches the folders on its path); 2 = also the top-level folders' listings and top-level values,
   * one round trip less for a writer that always touches a top-level folder (a job's `results/`).
   * @default 1
   */
  headDepth?: 1 | 2;
  /** Bytes of objects a private cache (no `cacheDir`) keeps in memory; more is fetched again when needed. @default 64 MB */
  memoryBytes?: number;
  /** Local cache repository; may be shared by several processes. @default a private cache in memory (a temporary repository for remotes that need `git` processes), gone on close */
  cacheDir?: string;
  /** Author and committer of data commits. @default from the environment, see `committerFromEnv` */
  committer?: Committer;
  /**
   * When a directory moves its entries into hashed sub-directories and back (see `Layout` in
   * contract.ts); readers need not agree on it, so it is a writer's choice. @default {@link FANOUT}
   */
  fanout?: FanoutLimits;
}

const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';

/**
 * The `gfa-results` hint of a commit on `head` with `writes` (see contract/results-trailer.ts): the
 * head's own hint rolled on. A head without one (a new branch has none to carry; an older gfa wrote
 * it) is listed once, so the new hint is complete from the start.
 */
async function resultsHint(trees: TreeReader, head: { tree: string; message: string } | undefined, layout: Layout, writes: Map<string, Change>): Promise<ResultsHint> {
  const set: string[] = [];
  const deleted: string[] = [];
  for (const [key, change] of writes) {
    const id = resultId(key);
    if (id !== undefined) (change === null ? deleted : set).push(id);
  }
  let previous = head === undefined ? emptyResults() : parseResults(head.message);
  if (previous === undefined) {
    const dir = resultKey('');
    previous = { from: 0, ids: (await trees.list(head!.tree, dir, layout)).map((k) => k.slice(dir.length)) };
  }
  return rollResults(previous, set, deleted);
}

/** What one attempt did: its writes, whether the function read anything, and whether it landed. */
interface Attempt<T> {
  value: T;
  done: boolean;
  writes: Map<string, Change>;
  read: boolean;
}

/** A {@link Driver} storing each key as a file on a git branch. */
export function gitDriver(options: GitDriverOptions): Driver {
  const branch = options.branch ?? 'data';
  const history = options.history ?? 'squash';
  const headDepth = options.headDepth ?? 1;
  const fanout = options.fanout ?? FANOUT;
  const committer = options.committer ? checkCommitter(options.committer) : committerFromEnv(globalThis.process?.env ?? {});
  if (history !== 'squash' && history !== 'keep') throw new GfaError('E_USAGE', `invalid history mode "${String(history)}": use squash or keep`);
  let opened: Promise<TreeReader> | undefined;
  const reader = () => (opened ??= GitCache.open(options.cacheDir, options.remote, options.memoryBytes).then((c) => new TreeReader(c)));

  /**
   * One attempt on the current head. `blind`: the writes of an earlier attempt whose function read
   * nothing; they are applied to the new head as they are, without running the function again.
   */
  async function attempt<T>(trees: TreeReader, fn: (tx: DriverTx) => Promise<T>, message: string, auth: HeadAuth | undefined, blind?: Map<string, Change>): Promise<Attempt<T>> {
    const cache = trees.cache;
    const base = await cache.fetchHead(branch, headDepth);
    const head = base === undefined ? undefined : parseCommit((await cache.read(base)).data);
    const root = head?.tree;
    const where = `branch "${branch}" of ${cache.safeRemote}`;
    // Checked before the function reads anything: nothing is read from a refused head.
    const counter = auth ? await auth.verify(head, where) : 0;
    // Also before anything is read: a layout this version does not know is refused, not misread.
    const layout = parseLayout(head?.message ?? '');
    let writes = blind;
    let value: T | undefined;
    let read = false;
    if (!writes) {
      writes = new Map<string, Change>();
      const snapshot = {
        get: (key: string) => ((read = true), trees.get(root, keyPath(key, layout))),
        list: (prefix: string) => ((read = true), trees.list(root, prefix, layout)),
      };
      value = await fn(overlayTx(snapshot, writes));
    }
    const done = { value: value as T, done: true, writes, read };
    if (writes.size === 0) return done;
    const created: NewObject[] = [];
    const next = { fan: new Map(layout.fan) };
    const tree = (await trees.rewrite(root, writes, created, next, fanout)) ?? EMPTY_TREE;
    if (tree === (root ?? EMPTY_TREE)) return done;
    // The trailers: the results hint (not covered by the MAC, see results-trailer.ts), the layout
    // (absent while nothing is fanned out), then the head's MAC, which covers the layout.
    const declared = formatLayout(next);
    const results = formatResults(await resultsHint(trees, head, layout, writes));
    const trailers = [results, ...(declared ? [declared] : []), ...(auth ? [auth.trailer(tree, counter + 1, declared)] : [])];
    const signed = `${message.replace(/\n+$/, '')}\n\n${trailers.join('\n')}`;
    const commit = await cache.write('commit', commitBody(tree, history === 'keep' ? base : undefined, signed, new Date(), committer), created);
    const haves = [...(root ? [root] : []), ...(history === 'keep' && base ? [base] : [])];
    const pushed = await cache.push(branch, commit, base, haves, created);
    if (pushed.result === 'ok') {
      await auth?.wrote(counter + 1);
      return done;
    }
    // Ask the remote: an ambiguous push may have landed; a refusal while the branch is still at our
    // base was not a concurrent write (a hook, a protected branch), so retrying cannot help.
    const now = await cache.lsRemote(branch);
    // Only an unanswered push can have landed: after a refusal, a head equal to our commit is another
    // writer's identical commit (same tree and message in the same second), and our write is not in it.
    if (now === commit && pushed.result !== 'rejected') return done;
    if (now === base) {
      const what = pushed.result === 'rejected' ? 'was refused' : 'failed';
      throw new GfaError('E_REMOTE', `push to ${where} ${what}: ${pushed.message ?? 'no answer'}`);
    }
    return { ...done, done: false };
  }

  return {
    name: 'git',
    async transaction(fn, txOptions) {
      const trees = await reader();
      const budget = retryBudget(txOptions);
      let blind: Attempt<unknown> | undefined;
      for (let i = 1; ; i++) {
        const r = await attempt(trees, fn, txOptions?.message ?? 'gfa: update', txOptions?.auth, blind?.writes);
        if (r.done) return (blind ? blind.value : r.value) as Awaited<ReturnType<typeof fn>>;
        if (!r.read) blind ??= r;
        await budget.wait(i, `branch "${branch}" of ${trees.cache.safeRemote}`);
      }
    },
    prepare() {
      reader().then((trees) => trees.cache.prepare(branch), () => {});
    },
    async close() {
      if (opened) (await opened.catch(() => undefined))?.cache.close();
    },
  };
}
