/**
 * The fallback transport: git's own `fetch`, `push` and `ls-remote` processes on the cache's
 * repository, for remotes our in-process protocol does not speak to (ssh) and servers without
 * protocol v2. The cache's config is never written: the remote comes in `-c` options per command.
 */
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { nodeCrypto } from '../../builtins.ts';
import { git, gitError, runGit, type GitResult } from './exec.ts';

/** The outcome of a push with a lease. */
export type PushResult = 'ok' | 'rejected' | 'ambiguous';

/** A server that allows only `tree:0` (GitHub) refuses deeper tree filters with one of these. */
export const TREE_FILTER_REFUSED = /tree filter allows max depth (\d+)|filter .*not (?:supported|allowed)/i;

/** git processes on repository `dir` for `remote`. */
export class GitCli {
  constructor(readonly dir: string, readonly remote: string) {}

  /** `-c` options that make `origin` the remote for this one command. */
  private remoteArgs(filter: string): string[] {
    return [
      '-c', `remote.origin.url=${this.remote}`,
      '-c', 'remote.origin.promisor=true',
      '-c', `remote.origin.partialclonefilter=${filter}`,
      '-c', 'gc.auto=0',
      '-c', 'maintenance.auto=false',
      '-c', 'fetch.negotiationAlgorithm=noop',
      '-c', 'protocol.version=2',
    ];
  }

  /** Runs a command that takes git's shallow lock, retrying while another process holds it. */
  private async withLockRetry(args: string[]): Promise<GitResult> {
    for (let attempt = 0; ; attempt++) {
      const r = await runGit(this.dir, args);
      if (r.code === 0 || !/\.lock'?: File exists|Unable to create .*\.lock|cannot lock ref|shallow file has changed/i.test(r.stderr) || attempt >= 50) return r;
      await new Promise((done) => setTimeout(done, 10 + Math.random() * 40 * Math.min(attempt + 1, 8)));
    }
  }

  /** The head of `branch` with its root tree (`--depth=1 --filter=tree:1`); undefined when there is no such branch. */
  async fetchHead(branch: string): Promise<string | undefined> {
    const tmp = `refs/gfa/tmp/${nodeCrypto().randomBytes(8).toString('hex')}`;
    const args = (filter: string) => [...this.remoteArgs('tree:0'), 'fetch', '-q', '--depth=1', `--filter=${filter}`, '--no-tags', '--no-write-fetch-head', 'origin', `+refs/heads/${branch}:${tmp}`];
    let r = await this.withLockRetry(args('tree:1'));
    // git fetch cannot use tree:0 for a head (it wants the commit's tree): where tree:1 is refused,
    // it fetches every tree, still without values.
    if (r.code !== 0 && TREE_FILTER_REFUSED.test(r.stderr)) r = await this.withLockRetry(args('blob:none'));
    if (r.code !== 0) {
      if (/couldn't find remote ref/i.test(r.stderr)) return undefined;
      throw gitError(['fetch'], r, 'E_REMOTE');
    }
    const refFile = join(this.dir, tmp);
    try {
      const sha = (await fs.readFile(refFile, 'utf8')).trim();
      await fs.unlink(refFile).catch(() => {});
      return sha;
    } catch {
      const sha = (await git(this.dir, ['rev-parse', '--verify', tmp])).toString().trim();
      await runGit(this.dir, ['update-ref', '-d', tmp]);
      return sha;
    }
  }

  /** Objects by id, into the repository's packs. */
  async fetchObjects(shas: string[], filter: string): Promise<void> {
    const r = await this.withLockRetry([...this.remoteArgs(filter), 'fetch', '-q', '--no-tags', '--no-write-fetch-head', `--filter=${filter}`, 'origin', ...shas]);
    if (r.code !== 0) throw gitError(['fetch'], r, 'E_REMOTE');
  }

  /** `git push` with an explicit lease (never the bare `--force-with-lease`). */
  async push(ref: string, commit: string, expected: string | undefined): Promise<{ result: PushResult; message?: string }> {
    const args = ['-c', `remote.origin.url=${this.remote}`, '-c', 'gc.auto=0', 'push', '--porcelain', '--no-verify', `--force-with-lease=${ref}:${expected ?? ''}`, 'origin', `${commit}:${ref}`];
    const r = await runGit(this.dir, args);
    if (r.code === 0) return { result: 'ok' };
    const text = `${r.stdout.toString()}\n${r.stderr}`;
    if (/\[rejected\]|stale info|fetch first|non-fast-forward|already exists|\(stale\)/i.test(text)) return { result: 'rejected' };
    return { result: 'ambiguous', message: gitError(['push'], r).message };
  }

  /** The remote's head of `branch`, or undefined. */
  async lsRemote(branch: string): Promise<string | undefined> {
    const r = await runGit(this.dir, [...this.remoteArgs('tree:0'), 'ls-remote', 'origin', `refs/heads/${branch}`]);
    if (r.code !== 0) throw gitError(['ls-remote'], r, 'E_REMOTE');
    const line = r.stdout.toString().split('\n').find((l) => l.endsWith(`\trefs/heads/${branch}`));
    return line?.split('\t')[0];
  }
}
