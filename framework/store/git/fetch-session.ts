/**
 * A store's conversation with its remote's upload-pack (see `_upload-pack.ts`): opened on first
 * use, replaced when a head must be current and the conversation may answer from an older
 * snapshot of the refs, and ended by a failed command (the next call opens another).
 */
import { GfaError } from '../../errors.ts';
import { redact } from './exec.ts';
import { openUploadPack, type UploadPack } from './upload-pack.ts';

/** The conversation of one cache. */
export class FetchSession {
  #upload: Promise<UploadPack | undefined> | undefined;
  /** The ref whose ls-refs went out with the spawn of the open conversation, not yet read. */
  #freshRef: string | undefined;
  /** Conversations closed because a caller needed current refs: a command that lost its channel to that runs again. */
  #replaced = new WeakSet<UploadPack>();

  /**
   * @param remote the remote (credentials allowed; messages use `safeRemote`)
   * @param cwd where a local upload-pack runs
   * @param notV2 called once when the server does not speak protocol v2 (the caller then uses git's processes)
   */
  constructor(
    private readonly remote: string,
    private readonly safeRemote: string,
    private readonly cwd: () => string,
    private readonly notV2: () => Promise<void>,
  ) {}

  /**
   * The conversation, opened on first use; undefined when the server does not speak protocol v2.
   * `current`: the caller reads a head that must be current, so a conversation that may answer
   * from an older snapshot is replaced (requests already sent on it still complete), unless it was
   * opened by {@link prepare} with `firstRef`'s ls-refs, which has not been read yet.
   */
  async get(current = false, firstRef?: string): Promise<UploadPack | undefined> {
    const open = this.#upload;
    if (open && current) {
      if (firstRef !== undefined && this.#freshRef === firstRef) {
        this.#freshRef = undefined;
        return open;
      }
      const s = await open.catch(() => undefined);
      if (s && !s.currentRefs && this.#upload === open) {
        this.#replaced.add(s);
        s.close();
        this.#upload = undefined;
      }
    }
    return (this.#upload ??= this.open(firstRef));
  }

  /** Opens the conversation now with `ref`'s ls-refs sent at once; false when one is already open. */
  prepare(ref: string): boolean {
    if (this.#upload) return false;
    this.#upload = this.open(ref);
    this.#upload.catch(() => {});
    this.#freshRef = ref;
    return true;
  }

  /** Runs one command; a failed one ends the conversation, and throws a one-line `E_REMOTE`. */
  async run<T>(what: string, s: UploadPack, fn: (s: UploadPack) => Promise<T>): Promise<T> {
    try {
      return await fn(s);
    } catch (err) {
      // Another transaction of this store replaced the conversation under this command: ask again.
      if (this.#replaced.has(s)) {
        const next = await this.get();
        if (next) return this.run(what, next, fn);
      }
      s.close();
      if (this.#upload && (await this.#upload.catch(() => undefined)) === s) {
        this.#upload = undefined;
        this.#freshRef = undefined;
      }
      throw new GfaError('E_REMOTE', `${what} from ${this.safeRemote} failed: ${redact((err as Error).message)}`);
    }
  }

  /** Ends the conversation. */
  close(): void {
    void this.#upload?.then((s) => s?.close(), () => {});
    this.#upload = undefined;
    this.#freshRef = undefined;
  }

  /** `firstRef`'s ls-refs goes out with the conversation's start (its answer is read by the first `lsRef`). */
  private open(firstRef?: string): Promise<UploadPack | undefined> {
    this.#freshRef = undefined;
    const opening: Promise<UploadPack | undefined> = openUploadPack(this.remote, this.cwd(), firstRef).then(
      async (s) => {
        if (!s) await this.notV2();
        return s;
      },
      (err: Error) => {
        if (this.#upload === opening) this.#upload = undefined;
        throw new GfaError('E_REMOTE', `cannot fetch from ${this.safeRemote}: ${redact(err.message)}`);
      },
    );
    return opening;
  }
}
