/**
 * Read-only access to the data branch of the local bare repo, the way the forges' APIs offer it:
 * the branch head's SHA, a file's bytes at a commit, and a recursive tree listing at a commit.
 */
import { execFile } from 'node:child_process';
import { KEY_PATTERN } from '../contract.ts';

/** A commit SHA (SHA-1 or SHA-256 object format). */
export const SHA_PATTERN = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;

/** Runs git in `repo` asynchronously (the git http-backend shares this process: never block it). */
function git(repo: string, args: string[]): Promise<{ code: number; out: Buffer }> {
  return new Promise((resolve) => {
    execFile('git', ['-C', repo, ...args], { encoding: 'buffer', maxBuffer: 256 * 1024 * 1024 }, (err, stdout) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0;
      resolve({ code, out: stdout });
    });
  });
}

/** The SHA the branch points at, or undefined when the branch does not exist yet. */
export async function branchHead(repo: string, branch: string): Promise<string | undefined> {
  const { code, out } = await git(repo, ['rev-parse', '--verify', '--quiet', `refs/heads/${branch}^{commit}`]);
  return code === 0 ? out.toString('utf8').trim() : undefined;
}

/** The bytes of `path` in commit `sha`, or undefined when the commit or the file does not exist. */
export async function readBlobAt(repo: string, sha: string, path: string): Promise<Uint8Array | undefined> {
  if (!SHA_PATTERN.test(sha) || !KEY_PATTERN.test(path)) return undefined;
  const type = await git(repo, ['cat-file', '-t', `${sha}:${path}`]);
  if (type.code !== 0 || type.out.toString('utf8').trim() !== 'blob') return undefined;
  const { code, out } = await git(repo, ['cat-file', 'blob', `${sha}:${path}`]);
  return code === 0 ? new Uint8Array(out.buffer, out.byteOffset, out.length) : undefined;
}

/** Paths of every file under `dir` ('' = all) in commit `sha`, sorted; undefined when the commit is unknown. */
export async function listFilesAt(repo: string, sha: string, dir: string): Promise<string[] | undefined> {
  if (!SHA_PATTERN.test(sha)) return undefined;
  const exists = await git(repo, ['cat-file', '-e', `${sha}^{commit}`]);
  if (exists.code !== 0) return undefined;
  const args = ['ls-tree', '-r', '-z', '--name-only', sha];
  if (dir !== '') args.push('--', dir);
  const { code, out } = await git(repo, args);
  if (code !== 0) return undefined;
  return out.toString('utf8').split('\0').filter((p) => p !== '').sort();
}

/** The root tree id and message of commit `sha`, or undefined when there is no such commit. */
export async function readCommitAt(repo: string, sha: string): Promise<{ tree: string; message: string } | undefined> {
  if (!SHA_PATTERN.test(sha)) return undefined;
  const { code, out } = await git(repo, ['cat-file', 'commit', sha]);
  if (code !== 0) return undefined;
  const text = out.toString('utf8');
  const cut = text.indexOf('\n\n');
  const tree = /^tree ([0-9a-f]{40,64})$/m.exec(cut === -1 ? text : text.slice(0, cut))?.[1];
  return tree === undefined ? undefined : { tree, message: cut === -1 ? '' : text.slice(cut + 2) };
}
