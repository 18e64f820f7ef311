/**
 * Where the client finds a key at a head: the head commit's `gfa-layout` trailer says which
 * directories are fanned out (see `Layout` in contract.ts). Each commit is fetched once and shared with
 * the signed-head check, so an encrypted store pays nothing more per head; a read is then one request
 * whichever layout the store has.
 */
import { flatLayout, parseLayout, type Layout } from '../contract.ts';
import type { ClientForge } from '../forge/types.ts';

/** A head commit's root tree and message. */
export type CommitInfo = { tree: string; message: string };

/** Commits by SHA (immutable, so fetched once) and the layout each declares. */
export interface LayoutReader {
  /** The commit `sha` (one request the first time); undefined when the forge cannot read commits. */
  commit(sha: string): Promise<CommitInfo> | undefined;
  /** The layout at commit `sha`: flat when the forge cannot read commits. Throws E_LAYOUT for a layout this version does not know. */
  at(sha: string): Promise<Layout>;
}

const KEEP = 64;

/** A {@link LayoutReader} over `forge.commit`. */
export function layoutReader(forge: Pick<ClientForge, 'commit'>): LayoutReader {
  const commits = new Map<string, Promise<CommitInfo>>();
  const commit = (sha: string): Promise<CommitInfo> | undefined => {
    if (!forge.commit) return undefined;
    let found = commits.get(sha);
    if (!found) {
      if (commits.size >= KEEP) commits.delete(commits.keys().next().value as string);
      found = forge.commit(sha);
      commits.set(sha, found);
      found.catch(() => commits.delete(sha));
    }
    return found;
  };
  return {
    commit,
    async at(sha) {
      const c = commit(sha);
      return c ? parseLayout((await c).message) : flatLayout();
    },
  };
}
