/** Unwrapping `.gfa/keys.json` and the optional sessionStorage copy of the secrets (never localStorage). */
import { GfaError } from '../errors.ts';
import type { UnlockedSecrets } from './types.ts';

/** Unwraps the keys file with the passphrase; libsodium is loaded here, on first use. */
export async function unwrapKeysFile(file: unknown, passphrase: string, allowWeak: boolean): Promise<UnlockedSecrets> {
  const { unwrapSecrets, validateKeysFile } = await import('../crypto/passphrase.ts');
  const secrets = await unwrapSecrets(validateKeysFile(file), passphrase, { allowWeak });
  if (typeof secrets.triggerToken !== 'string') {
    throw new GfaError('E_PASSPHRASE', 'the keys file holds no trigger credential; recreate it (gfa dev does this itself)');
  }
  return secrets as UnlockedSecrets;
}

function storage(): Storage | undefined {
  try {
    return typeof sessionStorage === 'undefined' ? undefined : sessionStorage;
  } catch {
    return undefined; // sessionStorage access can throw (sandboxed frames, disabled storage)
  }
}

/** Saves the secrets for this tab only. */
export function saveSession(slot: string, secrets: UnlockedSecrets): void {
  storage()?.setItem(slot, JSON.stringify(secrets));
}

/** The secrets saved for this tab, if any. */
export function loadSession(slot: string): UnlockedSecrets | undefined {
  const text = storage()?.getItem(slot);
  if (!text) return undefined;
  try {
    const parsed = JSON.parse(text) as UnlockedSecrets;
    return typeof parsed.triggerToken === 'string' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** Removes the saved secrets. */
export function clearSession(slot: string): void {
  storage()?.removeItem(slot);
}
