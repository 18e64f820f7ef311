/**
 * @module The unlock worker: Argon2id (`crypto_pwhash`, a second or more at MODERATE) runs here, off the
 * page's main thread, so the page keeps drawing and answering while the passphrase is checked.
 * `gfa build` bundles this file as `dist/pages/gfa-unlock.js`; {@link unwrapKeysFile} starts it.
 * Messages: in `{ file, passphrase, allowWeak }`; out `{ ok: true, secrets }` or `{ ok: false, code, message }`.
 */
import { unwrapSecrets, validateKeysFile } from '../crypto/passphrase.ts';
import { isGfaError } from '../errors.ts';

/** A request to the worker. */
export interface UnlockRequest {
  file: unknown;
  passphrase: string;
  allowWeak: boolean;
}

/** The worker's answer. */
export type UnlockReply = { ok: true; secrets: Record<string, string> } | { ok: false; code: string; message: string };

const scope = globalThis as unknown as { onmessage: ((e: MessageEvent<UnlockRequest>) => void) | null; postMessage(reply: UnlockReply): void };
scope.onmessage = (e) => {
  const { file, passphrase, allowWeak } = e.data;
  unwrapSecrets(validateKeysFile(file), passphrase, { allowWeak }).then(
    (secrets) => scope.postMessage({ ok: true, secrets }),
    (err: unknown) => scope.postMessage({ ok: false, code: isGfaError(err) ? err.code : 'E_INTERNAL', message: err instanceof Error ? err.message : String(err) }),
  );
};
