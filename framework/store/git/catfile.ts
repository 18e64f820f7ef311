/** One long-lived `git cat-file --batch` process per cache: reads many objects without a process each. */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { GfaError } from '../../errors.ts';
import { gitEnv, setRef } from './exec.ts';

/** An object read from the cache, or undefined when it is not (yet) present locally. */
export interface GitObject {
  type: string;
  data: Buffer;
}

interface Pending {
  resolve(obj: GitObject | undefined): void;
  reject(err: Error): void;
}

/** Reads objects of one repository through `git cat-file --batch`. Requests are answered in order. */
export class CatFile {
  #child: ChildProcessWithoutNullStreams | undefined;
  #queue: Pending[] = [];
  #buf: Buffer = Buffer.alloc(0);

  constructor(readonly gitDir: string) {}

  /** The object `sha`, or undefined when it is missing from the local cache. */
  read(sha: string): Promise<GitObject | undefined> {
    const child = this.#start();
    if (this.#queue.length === 0) setRef(child, true);
    return new Promise((resolve, reject) => {
      this.#queue.push({ resolve, reject });
      child.stdin.write(`${sha}\n`);
    });
  }

  /** Stops the process. */
  close(): void {
    this.#child?.stdin.end();
    this.#child = undefined;
  }

  #start(): ChildProcessWithoutNullStreams {
    if (this.#child) return this.#child;
    const child = spawn('git', ['cat-file', '--batch'], { cwd: this.gitDir, env: gitEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
    this.#child = child;
    this.#buf = Buffer.alloc(0);
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      this.#buf = this.#buf.length === 0 ? d : Buffer.concat([this.#buf, d]);
      this.#drain();
    });
    child.stdin.on('error', () => {});
    const fail = (why: string) => {
      if (this.#child === child) this.#child = undefined;
      const err = new GfaError('E_GIT', `git cat-file stopped (${why}); check that the cache directory is a git repository`);
      for (const p of this.#queue.splice(0)) p.reject(err);
    };
    child.on('error', (e) => fail(e.message));
    child.on('close', (code) => {
      if (this.#queue.length > 0) fail(`exit ${code}: ${stderr.split('\n')[0] ?? ''}`);
    });
    return child;
  }

  #drain(): void {
    for (;;) {
      const pending = this.#queue[0];
      if (!pending) {
        if (this.#child) setRef(this.#child, false);
        return;
      }
      const nl = this.#buf.indexOf(0x0a);
      if (nl === -1) return;
      const header = this.#buf.toString('latin1', 0, nl).split(' ');
      if (header[1] === 'missing' || header.length < 3) {
        this.#buf = this.#buf.subarray(nl + 1);
        this.#queue.shift();
        pending.resolve(undefined);
        continue;
      }
      const size = Number(header[2]);
      if (this.#buf.length < nl + 1 + size + 1) return;
      const data = Buffer.from(this.#buf.subarray(nl + 1, nl + 1 + size));
      this.#buf = this.#buf.subarray(nl + 1 + size + 1);
      this.#queue.shift();
      pending.resolve({ type: header[1] ?? '', data });
    }
  }
}
