/** Unwrapping `.gfa/keys.json` and the optional sessionStorage copy of the secrets (never localStorage). */
import { GfaError, isGfaErrorCode } from '../errors.ts';
import type { UnlockedSecrets } from './types.ts';

/** The unlock worker `gfa build` writes beside every page (see unlock-worker.ts). */
export const UNLOCK_WORKER = 'gfa-unlock.js';

/**
 * Argon2id in the unlock worker, off the main thread; undefined when no worker can run here (no DOM,
 * no Worker, the page was not built by gfa build, or the worker failed to load), and the caller then
 * unwraps on this thread.
 */
async function unwrapInWorker(file: unknown, passphrase: string, allowWeak: boolean): Promise<Record<string, string> | undefined> {
  if (typeof Worker === 'undefined' || typeof document === 'undefined') return undefined;
  let worker: Worker;
  try {
    worker = new Worker(new URL(UNLOCK_WORKER, document.baseURI), { type: 'module' });
  } catch {
    return undefined;
  }
  try {
    const reply = await new Promise<{ ok: true; secrets: Record<string, string> } | { ok: false; code: string; message: string } | undefined>((resolve) => {
      worker.onmessage = (e) => resolve(e.data);
      worker.onerror = (e) => {
        e.preventDefault();
        resolve(undefined);
      };
      worker.postMessage({ file, passphrase, allowWeak });
    });
    if (reply === undefined) return undefined;
    if (reply.ok) return reply.secrets;
    throw new GfaError(isGfaErrorCode(reply.code) ? reply.code : 'E_PASSPHRASE', reply.message);
  } finally {
    worker.terminate();
  }
}

/** Unwraps the keys file with the passphrase: in the unlock worker when the page has one, else here (libsodium loads on first use). */
export async function unwrapKeysFile(file: unknown, passphrase: string, allowWeak: boolean): Promise<UnlockedSecrets> {
  let secrets = await unwrapInWorker(file, passphrase, allowWeak);
  if (secrets === undefined) {
    const { unwrapSecrets, validateKeysFile } = await import('../crypto/passphrase.ts');
    secrets = await unwrapSecrets(validateKeysFile(file), passphrase, { allowWeak });
  }
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
