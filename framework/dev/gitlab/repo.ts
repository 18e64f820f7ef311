/**
 * The emulated project's repository: a real bare git repository, read and written with git plumbing
 * (never a checkout), as GitLab's repository files, branches and tree APIs expose it.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One commit as `git show -s` reads it. */
export interface CommitRecord {
  id: string;
  parents: string[];
  author: { name: string; email: string; date: string };
  committer: { name: string; email: string; date: string };
  /** The whole message, trailers included. */
  message: string;
}

/** A bare repository on disk. */
export interface BareRepo {
  dir: string;
  /** The commit a branch name or commit SHA points at, or undefined. */
  resolve(ref: string): Promise<string | undefined>;
  /** The bytes of `path` at `ref`, or undefined. */
  read(ref: string, path: string): Promise<{ bytes: Buffer; blobId: string; commitId: string } | undefined>;
  /** Entries under `dir` at `ref` (recursive or not), sorted by path; undefined when the ref is unknown. */
  tree(ref: string, dir: string, recursive: boolean): Promise<{ id: string; name: string; type: 'tree' | 'blob'; path: string; mode: string }[] | undefined>;
  /** Commits one file onto `branch` (which must exist), or its removal (`content` null); returns the new commit id. */
  commitFile(branch: string, path: string, content: Buffer | null, message: string, author: { name: string; email: string }): Promise<string>;
  /** Commit `ref` (a branch name or SHA): its id, parents, people, dates and whole message; undefined when unknown. */
  commit(ref: string): Promise<CommitRecord | undefined>;
  /** Lines added and removed by commit `id` against its first parent (binary files count none). */
  commitStats(id: string): Promise<{ additions: number; deletions: number }>;
  /** Every branch with its head commit. */
  branches(): Promise<{ name: string; sha: string }[]>;
  /** Creates branch `name` at commit `sha` (false when the name is not a valid branch name or exists). */
  createBranch(name: string, sha: string): Promise<boolean>;
  /** Deletes branch `name`. */
  deleteBranch(name: string): Promise<void>;
}

function git(dir: string, args: string[], options: { input?: Buffer; env?: NodeJS.ProcessEnv } = {}): Promise<{ code: number; out: Buffer }> {
  return new Promise((resolve) => {
    const child = execFile('git', ['--git-dir', dir, ...args], { encoding: 'buffer', maxBuffer: 256 * 1024 * 1024, env: { ...process.env, ...options.env } }, (err, stdout) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0;
      resolve({ code, out: stdout });
    });
    if (options.input) child.stdin?.end(options.input);
  });
}

async function must(dir: string, args: string[], options: { input?: Buffer; env?: NodeJS.ProcessEnv } = {}): Promise<string> {
  const r = await git(dir, args, options);
  if (r.code !== 0) throw new Error(`git ${args[0]} failed in the emulated repository`);
  return r.out.toString('utf8').trim();
}

const SHA = /^[0-9a-f]{40}$/;

/** Opens the bare repository at `dir`. */
export function bareRepo(dir: string): BareRepo {
  const resolve = async (ref: string): Promise<string | undefined> => {
    if (!SHA.test(ref) && !/^[A-Za-z0-9._/-]+$/.test(ref)) return undefined;
    const spec = SHA.test(ref) ? `${ref}^{commit}` : `refs/heads/${ref}^{commit}`;
    const r = await git(dir, ['rev-parse', '--verify', '--quiet', spec]);
    return r.code === 0 ? r.out.toString('utf8').trim() : undefined;
  };
  return {
    dir,
    resolve,
    async read(ref, path) {
      const commitId = await resolve(ref);
      if (!commitId || path.includes('\0')) return undefined;
      const id = await git(dir, ['rev-parse', '--verify', '--quiet', `${commitId}:${path}`]);
      if (id.code !== 0) return undefined;
      const blobId = id.out.toString('utf8').trim();
      const type = await git(dir, ['cat-file', '-t', blobId]);
      if (type.out.toString('utf8').trim() !== 'blob') return undefined;
      const blob = await git(dir, ['cat-file', 'blob', blobId]);
      return { bytes: blob.out, blobId, commitId };
    },
    async tree(ref, sub, recursive) {
      const commitId = await resolve(ref);
      if (!commitId) return undefined;
      const args = ['ls-tree', '-z', ...(recursive ? ['-r', '-t'] : []), sub ? `${commitId}:${sub}` : commitId];
      const r = await git(dir, args);
      if (r.code !== 0) return undefined;
      return r.out
        .toString('utf8')
        .split('\0')
        .filter((l) => l !== '')
        .map((line) => {
          const [meta, path] = line.split('\t') as [string, string];
          const [mode, type, id] = meta.split(' ') as [string, string, string];
          const full = sub ? `${sub}/${path}` : path;
          return { id, name: full.split('/').at(-1)!, type: type === 'tree' ? ('tree' as const) : ('blob' as const), path: full, mode };
        })
        .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    },
    async commitFile(branch, path, content, message, author) {
      const parent = await resolve(branch);
      if (!parent) throw new Error('no such branch');
      const tmp = await mkdtemp(join(tmpdir(), 'gfa-gl-index-'));
      const env = {
        GIT_INDEX_FILE: join(tmp, 'index'),
        GIT_AUTHOR_NAME: author.name, GIT_AUTHOR_EMAIL: author.email,
        GIT_COMMITTER_NAME: author.name, GIT_COMMITTER_EMAIL: author.email,
      };
      try {
        await must(dir, ['read-tree', parent], { env });
        // Mode 0 removes the entry (git update-index --index-info); --force-remove needs a work tree.
        if (content === null) await must(dir, ['update-index', '--index-info'], { env, input: Buffer.from(`0 ${'0'.repeat(40)}\t${path}\n`) });
        else {
          const blob = await must(dir, ['hash-object', '-w', '--stdin'], { input: content });
          await must(dir, ['update-index', '--add', '--cacheinfo', `100644,${blob},${path}`], { env });
        }
        const tree = await must(dir, ['write-tree'], { env });
        const commit = await must(dir, ['commit-tree', tree, '-p', parent, '-m', message], { env });
        await must(dir, ['update-ref', `refs/heads/${branch}`, commit, parent]);
        return commit;
      } finally {
        await rm(tmp, { recursive: true, force: true });
      }
    },
    async commit(ref) {
      const id = await resolve(ref);
      if (!id) return undefined;
      // NUL-separated fields; the message is the commit object's own bytes after its header (with the
      // newline git ends it with), as GitLab answers it.
      const r = await git(dir, ['show', '-s', '--format=%H%x00%P%x00%an%x00%ae%x00%aI%x00%cn%x00%ce%x00%cI', id]);
      const raw = await git(dir, ['cat-file', 'commit', id]);
      if (r.code !== 0 || raw.code !== 0) return undefined;
      const [sha, parents, an, ae, ad, cn, ce, cd] = r.out.toString('utf8').trim().split('\0') as string[];
      const object = raw.out.toString('utf8');
      const start = object.indexOf('\n\n');
      return {
        id: sha!, parents: parents ? parents.split(' ') : [],
        author: { name: an!, email: ae!, date: ad! }, committer: { name: cn!, email: ce!, date: cd! },
        message: start < 0 ? '' : object.slice(start + 2),
      };
    },
    async commitStats(id) {
      const r = await git(dir, ['show', '--numstat', '--format=', '--no-renames', id]);
      let additions = 0;
      let deletions = 0;
      for (const line of r.out.toString('utf8').split('\n')) {
        const [a, d] = line.split('\t');
        if (a && /^\d+$/.test(a)) additions += Number(a);
        if (d && /^\d+$/.test(d)) deletions += Number(d);
      }
      return { additions, deletions };
    },
    async branches() {
      const out = await must(dir, ['for-each-ref', '--format=%(refname:short) %(objectname)', 'refs/heads/']);
      return out.split('\n').filter(Boolean).map((l) => {
        const [name, sha] = l.split(' ') as [string, string];
        return { name, sha };
      });
    },
    async createBranch(name, sha) {
      if ((await git(dir, ['check-ref-format', '--branch', name])).code !== 0) return false;
      // The empty old value makes update-ref refuse a branch that already exists.
      return (await git(dir, ['update-ref', `refs/heads/${name}`, sha, ''])).code === 0;
    },
    async deleteBranch(name) {
      await must(dir, ['update-ref', '-d', `refs/heads/${name}`]);
    },
  };
}
