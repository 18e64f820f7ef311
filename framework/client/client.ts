/** The client: unlock, trigger and read, over any {@link ClientForge}. */
import { GfaError, isGfaErrorCode } from '../errors.ts';
import { isRequestId, KEY_PATTERN, keyPath, newRequestId, pathKey, resultKey, type JobResult } from '../contract.ts';
import { headChecker } from './head-check.ts';
import { layoutReader } from './layout.ts';
import { createOutbox, type OutboxOptions, type PendingRequest } from './outbox.ts';
import { loadPending, savePending } from './outbox-store.ts';
import { pollResult } from './poll.ts';
import { clearSession, loadSession, saveSession, unwrapKeysFile } from './secrets.ts';
import type { Client, ClientForge, RunRef, TriggeredJob, UnlockedSecrets } from './types.ts';

/** A result file's verdict: the output, or the job's error as a GfaError. */
function outputOf<T>(job: string, file: JobResult): T {
  if (file.status === 'ok') return file.output as T;
  // The code comes from the data branch: only a known one is passed on as such.
  const code = isGfaErrorCode(file.error?.code) ? file.error.code : 'E_JOB_FAILED';
  throw new GfaError(code, `job "${job}" failed: ${file.error?.message ?? 'no message'}`);
}

/**
 * Why unlocking here is unsafe, or undefined. Every project site of an owner shares one origin
 * (`OWNER.github.io`; on GitLab `NAMESPACE.gitlab.io` without unique domains), so a page in another
 * repository can frame this one, or open it with `window.open`, and then read the passphrase field and
 * wrap its `fetch`: refuse both.
 */
function unsafeWindow(): string | undefined {
  if (typeof window === 'undefined') return undefined;
  try {
    if (window.top !== window.self) return 'this page is inside a frame of another page';
  } catch {
    return 'this page is inside a frame of another page';
  }
  if (window.opener) return 'this page was opened by another page, which can reach into it';
  return undefined;
}

/** Between looks for a result while a session is live: then every half second for ten looks, then the forge's pace. */
const SESSION_POLL_MS = 500;
const SESSION_BACKOFF: readonly number[] = [...Array.from({ length: 10 }, () => SESSION_POLL_MS), 1000, 2000, 3000];

/** Creates a client over `forge`; `slot` names its storage entries. */
export function createClient(forge: ClientForge, slot: string, options: { outbox?: OutboxOptions } = {}): Client {
  let secrets: UnlockedSecrets | undefined = loadSession(slot);
  const listeners = new Set<(pending: PendingRequest[]) => void>();
  let saving: Promise<void> = Promise.resolve();
  let resumed: (TriggeredJob & { job: string; input?: unknown })[] = [];
  let keys: Uint8Array[] | undefined;
  if (secrets) forge.useCredential?.(secrets.triggerToken);
  let check: ((sha: string) => Promise<boolean>) | undefined;
  // One commit fetch per head, shared by the layout (where keys are) and the signed-head check.
  const commits = layoutReader(forge);
  /** Refuses a tampered or rolled-back head before anything is read from it (encrypted apps); true when it is unsigned. */
  const checkHead = async (sha: string): Promise<boolean> => {
    const s = need();
    if (s.dataKey === undefined) return false;
    check ??= headChecker(forge, slot, s.dataKey, undefined, commits);
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
    const bytes = await forge.readFile(head.sha, keyPath(key, await commits.at(head.sha)));
    return bytes === undefined ? undefined : new TextDecoder().decode(await decode(key, bytes, unsigned));
  }

  /** Jobs whose last result came from a live session: until when (ms), as the result said. */
  const sessions = new Map<string, number>();

  /**
   * Waits for the result file `results/<id>` of a trigger, decoded and head-checked, following its run.
   * While a session of the job is live, it looks every {@link SESSION_POLL_MS} (an unchanged head costs
   * GitHub's rate limit nothing; a session answers within seconds); else with the forge's backoff.
   */
  async function waitFor(job: string, id: string, timeoutMs: number, since: string | undefined, ref: RunRef): Promise<JobResult> {
    let unsigned = false;
    const runId = ref.runId;
    const run = runId !== undefined && forge.run ? () => forge.run!(runId, job) : undefined;
    const live = (sessions.get(job) ?? 0) > Date.now();
    const raw = await pollResult(forge, job, id, timeoutMs, { since, checkHead: async (sha) => void (unsigned = await checkHead(sha)), layoutAt: (sha) => commits.at(sha), resultsAt: (sha) => commits.results(sha), ...(run ? { run } : {}), ...(live ? { backoff: SESSION_BACKOFF } : {}) });
    const result = JSON.parse(new TextDecoder().decode(await decode(resultKey(id), raw, unsigned))) as JobResult;
    const until = result.sessionUntil === undefined ? NaN : Date.parse(result.sessionUntil);
    if (Number.isFinite(until)) sessions.set(job, until);
    return result;
  }

  const outbox = createOutbox({
    forge,
    credential: () => need().triggerToken,
    wait: waitFor,
    changed(pending) {
      const token = secrets?.triggerToken;
      if (token !== undefined) saving = saving.then(() => savePending(slot, token, pending)).catch(() => {});
      for (const l of listeners) l(pending);
    },
  }, options.outbox ?? { windowMs: forge.name === 'local' ? 50 : 500 });

  function enqueue<T>(job: string, input: unknown, requestId: string, timeoutMs: number): { out: ReturnType<typeof outbox.add>; job: TriggeredJob<T> } {
    const out = outbox.add(job, requestId, input, timeoutMs);
    let pending: Promise<T> | undefined;
    return { out, job: { requestId, result: () => (pending ??= out.result.then((file) => outputOf<T>(job, file))) } };
  }

  /** After an unlock: sends again what a reload left pending (each id is served once). */
  async function resume(): Promise<void> {
    const s = need();
    const saved = await loadPending(slot, s.triggerToken);
    resumed = saved.filter((p) => !outbox.pending().some((q) => q.requestId === p.requestId)).map((p) => {
      const { job } = enqueue(p.job, p.input, p.requestId, 120_000);
      return { ...job, job: p.job, ...(p.input !== undefined ? { input: p.input } : {}) };
    });
  }

  return {
    forge,
    get unlocked() {
      return secrets !== undefined;
    },
    async unlock(passphrase, options = {}) {
      const unsafe = unsafeWindow();
      if (unsafe) throw new GfaError('E_UNTRUSTED', `refusing to unlock: ${unsafe}; open the app's address in a tab of its own`);
      const file = await forge.keysFile();
      secrets = await unwrapKeysFile(file, passphrase, options.allowWeak ?? false);
      keys = undefined;
      forge.useCredential?.(secrets.triggerToken);
      check = undefined;
      if (options.persist === 'session') saveSession(slot, secrets);
      await resume();
    },
    lock() {
      secrets = undefined;
      keys = undefined;
      forge.useCredential?.(undefined);
      check = undefined;
      clearSession(slot);
    },
    async trigger<T>(job: string, input?: unknown, options: { timeoutMs?: number; requestId?: string } = {}): Promise<TriggeredJob<T>> {
      need();
      const requestId = options.requestId ?? newRequestId();
      if (!isRequestId(requestId)) throw new GfaError('E_USAGE', 'requestId must match [A-Za-z0-9_-]{1,64}');
      const { out, job: triggered } = enqueue<T>(job, input, requestId, options.timeoutMs ?? 120_000);
      const ref = await out.dispatched;
      return { ...triggered, ...(ref.runUrl ? { runUrl: ref.runUrl } : {}) };
    },
    pending: () => outbox.pending(),
    onPending(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    get resumed() {
      return resumed;
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
        const layout = await commits.at(head.sha);
        const dir = prefix.includes('/') ? prefix.slice(0, prefix.lastIndexOf('/')) : '';
        const keys = (await forge.listFiles(head.sha, dir === '' ? '' : keyPath(dir, layout))).map((p) => pathKey(p, layout));
        return keys.filter((k): k is string => k !== undefined && k.startsWith(prefix)).sort();
      },
    },
  };
}
