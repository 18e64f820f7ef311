/**
 * The browser client's check of a data-branch head before it reads from it (encrypted apps): the
 * head's gfa-mac must verify under the data key, and its counter must not be lower than the
 * highest this browser has seen (kept in localStorage: a counter is not a secret).
 */
import type { ClientForge } from '../forge/types.ts';
import type { CounterState } from '../crypto/head-auth.ts';
import { layoutReader, type LayoutReader } from './layout.ts';
import { localStore } from './storage.ts';

const PREFIX = 'gfa:head-counter:';

const storage = localStore;

/** The highest head counter seen for `slot`, in localStorage (in memory where there is none). */
export function browserCounterState(slot: string): CounterState {
  let memory: number | undefined;
  const get = async (): Promise<number | undefined> => {
    const text = storage()?.getItem(PREFIX + slot);
    const n = text == null ? memory : Number(text);
    return n !== undefined && Number.isSafeInteger(n) && n >= 0 ? n : memory;
  };
  return {
    get,
    async put(counter) {
      if (((await get()) ?? -1) >= counter) return;
      memory = counter;
      try {
        storage()?.setItem(PREFIX + slot, String(counter));
      } catch {
        // full or disabled: the memory copy still guards this page
      }
    },
  };
}

/**
 * A check of heads by commit SHA for `forge` with the data key(s) `dataKey`; a commit is not
 * fetched twice. Resolves true for a head without a gfa-mac (a store written before heads were
 * signed, or a trailer removed: values sealed since then tell, see `decode` in client.ts). Adapters without `commit` cannot be checked: the check then passes (see the README).
 */
export function headChecker(forge: Pick<ClientForge, 'commit'>, slot: string, dataKey: string, state: CounterState = browserCounterState(slot), commits: LayoutReader = layoutReader(forge)): (sha: string) => Promise<boolean> {
  // Commits are immutable: each is fetched once (shared with the layout); its check (a hash and the counter) runs on every read.
  let auth: Promise<import('../crypto/head-auth.ts').HeadAuth> | undefined;
  return async (sha) => {
    const commit = commits.commit(sha);
    if (!commit) return false;
    auth ??= (async () => {
      const [{ parseSecretKeys }, { createHeadMac }, { headAuth }] = await Promise.all([import('../crypto/keys.ts'), import('../crypto/head-mac.ts'), import('../crypto/head-auth.ts')]);
      return headAuth(await createHeadMac(parseSecretKeys(dataKey)), state);
    })();
    const [a, c] = await Promise.all([auth, commit]);
    return (await a.verify(c, `the data branch (commit ${sha.slice(0, 12)})`)) === 0;
  };
}
