/** The client: unlock, trigger and read, over any {@link ClientForge}. */
import { GfaError, isGfaErrorCode } from '../errors.ts';
import { isRequestId, KEY_PATTERN, newRequestId, resultKey, type JobResult } from '../contract.ts';
import { headChecker } from './head-check.ts';
import { pollResult } from './poll.ts';
import { clearSession, loadSession, saveSession, unwrapKeysFile } from './secrets.ts';
import type { Client, ClientForge, TriggeredJob, UnlockedSecrets } from './types.ts';

/** Creates a client over `forge`; `slot` names its sessionStorage entry. */
export function createClient(forge: ClientForge, slot: string): Client {
  let secrets: UnlockedSecrets | undefined = loadSession(slot);
  let keys: Uint8Array[] | undefined;
  if (secrets) forge.useCredential?.(secrets.triggerToken);
  let check: ((sha: string) => Promise<boolean>) | undefined;
  /** Refuses a tampered or rolled-back head before anything is read from it (encrypted apps); true when it is unsigned. */
  const checkHead = async (sha: string): Promise<boolean> => {
    const s = need();
    if (s.dataKey === undefined) return false;
    check ??= headChecker(forge, slot, s.dataKey);
    return check(sha);
  };

  const need = (): UnlockedSecrets => {
    if (!secrets) throw new GfaError('E_PASSPHRASE', 'the client is locked: call unlock(passphrase) first');
    return secrets;
  };

  /** Bytes as stored → plaintext bytes (opens the envelope when the app's store is encrypted). */
  async function decode(path: string, bytes: Uint8Array, unsignedHead: boolean): Promise<Uint8Array> {
    const s = need();
    if (s.dataKey === undefined) return bytes;
    const [{ parseSecretKeys }, { openValue, isSignedEra }] = await Promise.all([import('../crypto/keys.ts'), import('../crypto/envelope.ts')]);
    keys ??= parseSecretKeys(s.dataKey);
    const plaintext = await openValue(keys, path, bytes);
    // A value sealed since heads are signed, under a head without a gfa-mac: the trailer was removed.
    if (unsignedHead && isSignedEra(bytes)) throw new GfaError('E_TAMPERED', `the data branch head carries no gfa-mac, but the value at "${path}" was sealed by a gfa that signs heads: someone changed the branch by hand; do not trust it`);
    return plaintext;
  }

  async function read(key: string): Promise<string | undefined> {
    if (!KEY_PATTERN.test(key)) throw new GfaError('E_USAGE', `invalid key "${key}": keys are /-separated paths with no empty, . or .. segments`);
    const head = await forge.head();
    if (head === undefined || head === 'unchanged') return undefined;
    const unsigned = await checkHead(head.sha);
    const bytes = await forge.readFile(head.sha, key);
    return bytes === undefined ? undefined : new TextDecoder().decode(await decode(key, bytes, unsigned));
  }

  return {
    forge,
    get unlocked() {
      return secrets !== undefined;
    },
    async unlock(passphrase, options = {}) {
      const file = await forge.keysFile();
      secrets = await unwrapKeysFile(file, passphrase, options.allowWeak ?? false);
      keys = undefined;
      forge.useCredential?.(secrets.triggerToken);
      check = undefined;
      if (options.persist === 'session') saveSession(slot, secrets);
    },
    lock() {
      secrets = undefined;
      keys = undefined;
      forge.useCredential?.(undefined);
      check = undefined;
      clearSession(slot);
    },
    async trigger<T>(job: string, input?: unknown, options: { timeoutMs?: number; requestId?: string } = {}): Promise<TriggeredJob<T>> {
      const { triggerToken } = need();
      const requestId = options.requestId ?? newRequestId();
      if (!isRequestId(requestId)) throw new GfaError('E_USAGE', 'requestId must match [A-Za-z0-9_-]{1,64}');
      // The head before the dispatch: polling then reads only once the head has moved past it.
      const before = await forge.head();
      const since = before === undefined || before === 'unchanged' ? undefined : before.etag;
      await forge.trigger(triggerToken, { job, requestId, input });
      let pending: Promise<T> | undefined;
      const result = async (): Promise<T> => {
        let unsigned = false;
        const raw = await pollResult(forge, job, requestId, options.timeoutMs ?? 120_000, { since, checkHead: async (sha) => void (unsigned = await checkHead(sha)) });
        const path = resultKey(requestId);
        const file = JSON.parse(new TextDecoder().decode(await decode(path, raw, unsigned))) as JobResult;
        if (file.status === 'ok') return file.output as T;
        // The code comes from the data branch: only a known one is passed on as such.
        const code = isGfaErrorCode(file.error?.code) ? file.error.code : 'E_JOB_FAILED';
        throw new GfaError(code, `job "${job}" failed: ${file.error?.message ?? 'no message'}`);
      };
      return { requestId, result: () => (pending ??= result()) };
    },
    kv: {
      get: read,
      async getJson<T>(key: string): Promise<T | undefined> {
        const text = await read(key);
        return text === undefined ? undefined : (JSON.parse(text) as T);
      },
      async list(prefix = '') {
        const head = await forge.head();
        if (head === undefined || head === 'unchanged') return [];
        await checkHead(head.sha);
        const dir = prefix.includes('/') ? prefix.slice(0, prefix.lastIndexOf('/')) : '';
        return (await forge.listFiles(head.sha, dir)).filter((p) => p.startsWith(prefix));
      },
    },
  };
}
