/**
 * Forge-agnostic deploy pieces (kept here until they are unified with the GitHub adapter's): the
 * data key and `.gfa/keys.json` (secrets wrapped under the owner's passphrase).
 */
import { isGfaError } from '../../errors.ts';
import { generateSecretKey } from '../../crypto/keys.ts';
import { unwrapSecrets, validateKeysFile, wrapSecrets } from '../../crypto/passphrase.ts';

/** Where the keys file lives in the repository. */
export const KEYS_FILE_PATH = '.gfa/keys.json';

/** A new data key for `GFA_SECRET_KEY`: 32 random bytes, standard base64. */
export function newDataKey(): Promise<string> {
  return generateSecretKey();
}

/** The keys file's text for `secrets` under `passphrase` (kdf: tests only). */
export async function wrapKeysFile(passphrase: string, secrets: Record<string, string>, kdf?: { opslimit: number; memlimit: number }): Promise<string> {
  return `${JSON.stringify(await wrapSecrets(passphrase, secrets, kdf), null, 2)}\n`;
}

/**
 * The secrets in an existing keys file's text, or undefined when there is none, it is not a keys file,
 * or the passphrase does not open it (then deploy re-wraps it under the passphrase given).
 */
export async function openKeysFile(text: string | undefined, passphrase: string): Promise<Record<string, string> | undefined> {
  if (text === undefined) return undefined;
  try {
    return await unwrapSecrets(validateKeysFile(JSON.parse(text) as unknown), passphrase, { allowWeak: true });
  } catch (err) {
    if (err instanceof SyntaxError || isGfaError(err, 'E_PASSPHRASE') || isGfaError(err, 'E_CONFIG')) return undefined;
    throw err;
  }
}

/** True when `have` holds exactly the values `want` asks for (extra names in `have` are allowed). */
export function sameSecrets(have: Record<string, string> | undefined, want: Record<string, string>): boolean {
  return have !== undefined && Object.entries(want).every(([k, v]) => have[k] === v);
}
