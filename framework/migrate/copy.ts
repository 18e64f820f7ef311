/**
 * Copies the data branch from the source to the target as it is: the same commits (so the same signed
 * heads, `gfa-mac` trailers and history), fetched and pushed by real git. The target's branch is
 * written only when it is absent or still holds the copy an earlier run made (`copiedBefore`), and
 * always with `--force-with-lease` on the head just read, so a writer racing the copy is never
 * overwritten.
 */
import type { GitRemote } from '../forge/types.ts';
import type { GitSession } from './git.ts';

/** What the copy found and did. */
export type CopyOutcome =
  /** The source has no data branch yet: nothing to copy. */
  | { kind: 'none' }
  /** The target already has the source's head. */
  | { kind: 'same'; head: string }
  /** Pushed to a target that had no data branch. */
  | { kind: 'copied'; head: string }
  /** The target held an earlier copy; it now has the source's newer head. */
  | { kind: 'updated'; head: string; from: string }
  /** Both sides moved on since the copy (or the copy is not known): the target's branch is kept. */
  | { kind: 'diverged'; head: string; source: string };

/** Brings the target's `branch` to the source's head where that loses nothing (see {@link CopyOutcome}). */
export async function copyDataBranch(git: GitSession, source: GitRemote, target: GitRemote, branch: string, copiedBefore: string | undefined): Promise<CopyOutcome> {
  const ref = `refs/heads/${branch}`;
  const [from, to] = await Promise.all([git.head(source, ref), git.head(target, ref)]);
  if (from === undefined) return { kind: 'none' };
  if (to === from) {
    await git.fetch(target, ref);
    return { kind: 'same', head: to };
  }
  if (to !== undefined && to !== copiedBefore) {
    await git.fetch(target, ref);
    return { kind: 'diverged', head: to, source: from };
  }
  await git.fetch(source, ref);
  await git.push(target, from, ref, to);
  return to === undefined ? { kind: 'copied', head: from } : { kind: 'updated', head: from, from: to };
}
