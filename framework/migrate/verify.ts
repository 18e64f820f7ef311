/**
 * Checks the target's copy of the data branch as a reader would: the head's `gfa-mac` verifies under the
 * data key (framework/crypto/head-mac.ts), and every value opens through the store on the target's
 * own remote (the encrypted layer checks the head again and each value's AEAD, key path included).
 */
import type { GitRemote } from '../forge/types.ts';
import type { GitSession } from './git.ts';

/** What the check saw. */
export interface CopyCheck {
  /** The head's MAC counter; 0 for a head written before gfa signed heads; undefined for a plaintext store. */
  counter?: number;
  /** Values read (and, when encrypted, opened). */
  values: number;
}

function withAuth(remote: GitRemote): string {
  const u = new URL(remote.url);
  u.username = encodeURIComponent(remote.username);
  u.password = encodeURIComponent(remote.password);
  return u.toString();
}

/** Checks commit `head` (already fetched into `git`) and the values on `target`'s `branch`. */
export async function checkCopy(git: GitSession, target: GitRemote, branch: string, head: string, dataKey: string | undefined, where: string): Promise<CopyCheck> {
  let counter: number | undefined;
  if (dataKey !== undefined) {
    const [{ createHeadMac }, { parseSecretKeys }] = await Promise.all([import('../crypto/head-mac.ts'), import('../crypto/keys.ts')]);
    const mac = await createHeadMac(parseSecretKeys(dataKey));
    const { tree, message } = await git.commit(head);
    counter = mac.verify(tree, message, where);
  }
  const { openStore } = await import('../store/open.ts');
  // The remote URL holds the token: the store never prints it (framework/store/git/exec.ts redacts URLs).
  const store = await openStore({ remote: withAuth(target), branch, ...(dataKey !== undefined ? { secretKeys: dataKey } : {}) });
  try {
    const values = await store.transaction(async (tx) => {
      let n = 0;
      for (const key of await tx.list('')) {
        await tx.getBytes(key);
        n++;
      }
      return n;
    });
    return { ...(counter !== undefined ? { counter } : {}), values };
  } finally {
    await store.close();
  }
}
