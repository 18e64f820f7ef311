/**
 * Where the client finds a key at a head: the head commit's `gfa-layout` trailer says which
 * directories are fanned out (see `Layout` in contract.ts). Each commit is fetched once and shared with
 * the signed-head check, so an encrypted store pays nothing more per head; a read is then one request
 * whichever layout the store has. GitLab's commit answer has the message but no tree: there the
 * layout is read from the message alone. The same message's `gfa-results` trailer says which results
 * the head holds (contract/results-trailer.ts), so a wait need not ask for a file that is not there.
 */
import { flatLayout, parseLayout, type Layout } from '../contract.ts';
import { parseResults, type ResultsHint } from '../contract/results-trailer.ts';
import type { ClientForge } from '../forge/types.ts';

/** A head commit's root tree and message. */
export type CommitInfo = { tree: string; message: string };

/** Commits by SHA (immutable, so fetched once) and the layout each declares. */
export interface LayoutReader {
  /** The commit `sha` (one request the first time); undefined when the forge cannot read commits. */
  commit(sha: string): Promise<CommitInfo> | undefined;
  /** The layout at commit `sha`: flat when the forge cannot read commits. Throws E_LAYOUT for a layout this version does not know. */
  at(sha: string): Promise<Layout>;
  /** The results hint of commit `sha`; undefined when it has none or the forge cannot read commits (it then proves nothing). */
  results(sha: string): Promise<ResultsHint | undefined>;
}

const KEEP = 64;

/** Up to {@link KEEP} promises by SHA, each made once (a failed one is made again next time). */
function onceBySha<T>(make: (sha: string) => Promise<T>): (sha: string) => Promise<T> {
  const kept = new Map<string, Promise<T>>();
  return (sha) => {
    let found = kept.get(sha);
    if (!found) {
      if (kept.size >= KEEP) kept.delete(kept.keys().next().value as string);
      found = make(sha);
      kept.set(sha, found);
      found.catch(() => kept.delete(sha));
    }
    return found;
  };
}

/**
 * A {@link LayoutReader} over `forge.commit`, else `forge.commitMessage` (GitLab: the layout needs
 * only the message); a forge with neither reads as flat.
 */
export function layoutReader(forge: Pick<ClientForge, 'commit' | 'commitMessage'>): LayoutReader {
  const commit = forge.commit ? onceBySha(forge.commit.bind(forge)) : undefined;
  const message = commit ? async (sha: string) => (await commit(sha)).message : forge.commitMessage ? onceBySha(forge.commitMessage.bind(forge)) : undefined;
  return {
    commit: (sha) => commit?.(sha),
    async at(sha) {
      return message ? parseLayout(await message(sha)) : flatLayout();
    },
    async results(sha) {
      return message ? parseResults(await message(sha)) : undefined;
    },
  };
}
