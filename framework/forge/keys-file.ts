/**
 * Forge-agnostic deploy helpers for `.gfa/keys.json` (secrets wrapped under the owner's passphrase) and
 * the data key: open the repository's file, decide what it must hold, and whether the one there already
 * holds it (so a second `gfa deploy` writes nothing: wrapping again would give new salt and nonce, a new
 * file, and a needless commit). The GitHub and GitLab adapters, doctor and `gfa trigger --wait` use these.
 */
import { GfaError, isGfaError } from '../errors.ts';
import type { KeysFile } from '../crypto/passphrase.ts';

/** Where the keys file lives in the repository. */
export { KEYS_FILE_PATH } from '../contract.ts';

/** What deploy knows before deciding. */
export interface KeysPlanInput {
  /** What the repository's current keys file holds (from {@link openExistingKeys}), if any. */
  old?: Record<string, string>;
  passphrase: string;
  /** The trigger credential given to this run, if any (else the existing one is kept). */
  triggerToken?: string;
  /** The data key to wrap, when the app is encrypted (undefined: a plaintext store). */
  dataKey?: string;
  kdf?: { opslimit: number; memlimit: number };
}

/** What to do with the keys file. */
export interface KeysPlan {
  /** The secrets the file must hold. */
  secrets: Record<string, string>;
  /** The new file's JSON text, or undefined when the existing one already holds `secrets`. */
  content?: string;
}

/** Unwraps an existing keys file with the passphrase; undefined when there is none. Wrong passphrase: E_PASSPHRASE saying what to do. */
export async function openExistingKeys(existing: unknown, passphrase: string): Promise<Record<string, string> | undefined> {
  if (existing === undefined) return undefined;
  const { unwrapSecrets, validateKeysFile } = await import('../crypto/passphrase.ts');
  try {
    return await unwrapSecrets(validateKeysFile(existing), passphrase, { allowWeak: true });
  } catch (err) {
    if (isGfaError(err, 'E_PASSPHRASE')) {
      throw new GfaError('E_PASSPHRASE', 'the passphrase does not open the repository\'s .gfa/keys.json; use the passphrase of the first deploy (or delete .gfa/keys.json to start over)', { cause: err });
    }
    throw err;
  }
}

/**
 * The secrets in an existing keys file's text, or undefined when there is none, it is not a keys file, or
 * the passphrase does not open it (GitLab's deploy then re-wraps it under the passphrase given).
 */
export async function openKeysFileText(text: string | undefined, passphrase: string): Promise<Record<string, string> | undefined> {
  if (text === undefined) return undefined;
  try {
    return await openExistingKeys(JSON.parse(text) as unknown, passphrase);
  } catch (err) {
    if (err instanceof SyntaxError || isGfaError(err, 'E_PASSPHRASE') || isGfaError(err, 'E_CONFIG')) return undefined;
    throw err;
  }
}

/** The keys file's JSON text for `secrets` under `passphrase` (kdf: tests only; default MODERATE). */
export async function wrapKeysFile(passphrase: string, secrets: Record<string, string>, kdf?: { opslimit: number; memlimit: number }): Promise<string> {
  const { wrapSecrets } = await import('../crypto/passphrase.ts');
  const file: KeysFile = await wrapSecrets(passphrase, secrets, kdf);
  return `${JSON.stringify(file, null, 2)}\n`;
}

/** True when `have` holds exactly the values `want` asks for (extra names in `have` are allowed). */
export function sameSecrets(have: Record<string, string> | undefined, want: Record<string, string>): boolean {
  return have !== undefined && Object.entries(want).every(([k, v]) => have[k] === v);
}

/** A new data key (32 random bytes, base64), for `GFA_SECRET_KEY`. */
export async function newDataKey(): Promise<string> {
  const { generateSecretKey } = await import('../crypto/keys.ts');
  return generateSecretKey();
}

/** Decides the keys file: keep the existing one when it already holds the same secrets, else wrap anew. */
export async function planKeys(input: KeysPlanInput): Promise<KeysPlan> {
  const old = input.old;
  const triggerToken = input.triggerToken ?? old?.triggerToken;
  if (!triggerToken) {
    throw new GfaError('E_CONFIG', 'no browser credential: create a fine-grained token (this repository only; Actions: write, Contents: read) and pass it with --dispatch-token-file FILE or GFA_DISPATCH_TOKEN');
  }
  const secrets: Record<string, string> = { ...(old ?? {}), triggerToken };
  if (input.dataKey !== undefined) secrets.dataKey = input.dataKey;
  else delete secrets.dataKey;
  const same = old !== undefined && JSON.stringify(Object.entries(old).sort()) === JSON.stringify(Object.entries(secrets).sort());
  if (same) return { secrets };
  return { secrets, content: await wrapKeysFile(input.passphrase, secrets, input.kdf) };
}
