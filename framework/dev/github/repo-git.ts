/** The emulator's reads and writes of its bare repositories, with the git CLI (plumbing only, no work tree). */
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ghTime } from './time.ts';

function git(dir: string, args: string[], options: { input?: Uint8Array; env?: NodeJS.ProcessEnv } = {}): Promise<{ code: number; stdout: Buffer }> {
  return new Promise((resolve) => {
    const child = execFile('git', ['-C', dir, ...args], { encoding: 'buffer', maxBuffer: 256 * 1024 * 1024, env: { ...process.env, ...options.env } }, (err, stdout) => {
      resolve({ code: err ? ((err as { code?: unknown }).code as number) || 1 : 0, stdout });
    });
    if (options.input) child.stdin?.end(options.input);
  });
}

async function out(dir: string, args: string[], options?: { input?: Uint8Array; env?: NodeJS.ProcessEnv }): Promise<string> {
  const r = await git(dir, args, options);
  if (r.code !== 0) throw new Error(`git ${args[0]} failed in ${dir}`);
  return r.stdout.toString('utf8').trim();
}

/** Commit SHA of a branch name or SHA, or undefined. */
export async function resolveCommit(dir: string, ref: string): Promise<string | undefined> {
  const name = /^[0-9a-f]{40}$/.test(ref) ? ref : `refs/heads/${ref}`;
  const r = await git(dir, ['rev-parse', '--verify', '-q', `${name}^{commit}`]);
  return r.code === 0 ? r.stdout.toString().trim() : undefined;
}

/** One tree entry. */
export interface Entry {
  mode: string;
  type: 'blob' | 'tree' | 'commit';
  sha: string;
  size?: number;
  path: string;
}

/** Entries of the tree of `treeish` (a commit or tree SHA), recursive or one level. */
export async function listTree(dir: string, treeish: string, recursive: boolean, path = ''): Promise<Entry[] | undefined> {
  const target = path ? `${treeish}:${path}` : treeish;
  const r = await git(dir, ['ls-tree', '-l', ...(recursive ? ['-r', '-t'] : []), '-z', target]);
  if (r.code !== 0) return undefined;
  return r.stdout
    .toString('utf8')
    .split('\0')
    .filter(Boolean)
    .map((line) => {
      const [meta, p] = [line.slice(0, line.indexOf('\t')), line.slice(line.indexOf('\t') + 1)];
      const [mode, type, sha, size] = meta.split(/\s+/) as [string, Entry['type'], string, string];
      return { mode, type, sha, path: p, ...(size !== '-' ? { size: Number(size) } : {}) };
    });
}

/** The tree SHA of a commit or tree. */
export async function treeOf(dir: string, treeish: string): Promise<string | undefined> {
  const r = await git(dir, ['rev-parse', '--verify', '-q', `${treeish}^{tree}`]);
  return r.code === 0 ? r.stdout.toString().trim() : undefined;
}

/** The entry at `path` in commit `commit`, or undefined. */
export async function entryAt(dir: string, commit: string, path: string): Promise<Entry | undefined> {
  const r = await git(dir, ['ls-tree', '-l', '-z', commit, '--', path]);
  if (r.code !== 0) return undefined;
  const line = r.stdout.toString('utf8').split('\0')[0];
  if (!line) return undefined;
  const [mode, type, sha, size] = line.slice(0, line.indexOf('\t')).split(/\s+/) as [string, Entry['type'], string, string];
  return { mode, type, sha, path, ...(size !== '-' ? { size: Number(size) } : {}) };
}

/** A blob's bytes. */
/** A commit object, parsed: tree, parents, author and committer lines, message; undefined when absent. */
export async function readCommitObject(dir: string, sha: string): Promise<{ tree: string; parents: string[]; author: Person; committer: Person; message: string } | undefined> {
  const r = await git(dir, ['cat-file', 'commit', sha]);
  if (r.code !== 0) return undefined;
  const text = r.stdout.toString('utf8');
  const cut = text.indexOf('\n\n');
  const headers = (cut < 0 ? text : text.slice(0, cut)).split('\n');
  const field = (name: string): string[] => headers.filter((h) => h.startsWith(`${name} `)).map((h) => h.slice(name.length + 1));
  const person = (line = ''): Person => {
    const m = /^(.*) <(.*)> (\d+) ([+-]\d{4})$/.exec(line);
    return { name: m?.[1] ?? '', email: m?.[2] ?? '', date: ghTime(Number(m?.[3] ?? 0) * 1000) };
  };
  return { tree: field('tree')[0] ?? '', parents: field('parent'), author: person(field('author')[0]), committer: person(field('committer')[0]), message: cut < 0 ? '' : text.slice(cut + 2) };
}

/** A commit's author or committer as the REST API gives it. */
export interface Person {
  name: string;
  email: string;
  date: string;
}

export async function readBlob(dir: string, sha: string): Promise<Buffer> {
  const r = await git(dir, ['cat-file', 'blob', sha]);
  if (r.code !== 0) throw new Error(`no blob ${sha}`);
  return r.stdout;
}

/**
 * Commits `content` at `path` on `branch` (creating the branch when absent) as one new commit on top
 * of the head, with a compare-and-swap on the ref. Returns the new commit and blob SHAs.
 */
export async function commitFile(dir: string, branch: string, path: string, content: Uint8Array, message: string, author: { name: string; email: string }): Promise<{ commit: string; blob: string }> {
  const parent = await resolveCommit(dir, branch);
  const blob = await out(dir, ['hash-object', '-w', '--stdin'], { input: content });
  const tmp = await mkdtemp(join(tmpdir(), 'gfa-gh-index-'));
  try {
    const env = { GIT_INDEX_FILE: join(tmp, 'index') };
    if (parent) await out(dir, ['read-tree', parent], { env });
    await out(dir, ['update-index', '--add', '--cacheinfo', `100644,${blob},${path}`], { env });
    const tree = await out(dir, ['write-tree'], { env });
    const who = { GIT_AUTHOR_NAME: author.name, GIT_AUTHOR_EMAIL: author.email, GIT_COMMITTER_NAME: 'GitHub', GIT_COMMITTER_EMAIL: 'noreply@github.com' };
    const commit = await out(dir, ['commit-tree', tree, ...(parent ? ['-p', parent] : []), '-m', message], { env: who });
    await out(dir, ['update-ref', `refs/heads/${branch}`, commit, parent ?? '0'.repeat(40)]);
    return { commit, blob };
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

/** Writes the tree of `commit` into `dest` (a checkout without `.git`, as actions/checkout with persist-credentials false leaves it usable). */
export function exportTree(dir: string, commit: string, dest: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const archive = spawn('git', ['-C', dir, 'archive', '--format=tar', commit]);
    const tar = spawn('tar', ['-x', '-C', dest]);
    archive.stdout.pipe(tar.stdin);
    tar.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`tar exited ${code}`))));
    archive.on('error', reject);
  });
}
