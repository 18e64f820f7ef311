/**
 * Pushes one ref update by speaking git's receive-pack protocol directly (local repositories through
 * `git receive-pack`, http(s) through smart HTTP). Why not `git push`: for a squash commit (a new
 * root commit) git cannot tell which trees the remote already has, so it walks — and in a blob-less
 * cache, fetches — every unchanged tree. Here the pack is `new commit minus the base root tree`,
 * and the expected old value in the command is the lease, checked atomically by the remote.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { GfaError } from '../../errors.ts';
import { gitEnv, redact, runGit, setRef } from './exec.ts';
import { FLUSH, pkt, splitPkts } from './pktline.ts';
import { isHttpRemote } from './remote.ts';
import { discover, httpRemote, post } from './smart-http.ts';

const ZERO = '0'.repeat(40);

/** The outcome of one update: `ok`, `rejected` (the remote refused: stale lease), or `error` with a message. */
export type ReceiveResult = { status: 'ok' } | { status: 'rejected'; reason: string } | { status: 'error'; message: string };

/** Builds the pack: objects of `commit` not reachable from `haves` (a base root tree and/or commit). */
export async function buildPack(gitDir: string, commit: string, haves: string[]): Promise<Buffer> {
  const input = [commit, ...haves.map((h) => `^${h}`), ''].join('\n');
  const r = await runGit(gitDir, ['-c', 'pack.useSparse=true', 'pack-objects', '--stdout', '--revs', '--sparse', '-q'], input);
  if (r.code !== 0) throw new GfaError('E_GIT', `git pack-objects failed: ${r.stderr.split('\n')[0] ?? ''}; the local cache may be incomplete, remove it and retry`);
  return r.stdout;
}

/** The request body: one command (old new ref, with report-status), a flush, then the pack. */
function requestBody(ref: string, expected: string | undefined, commit: string, pack: Buffer): Buffer {
  return Buffer.concat([pkt(`${expected ?? ZERO} ${commit} ${ref}\0report-status agent=gfa\n`), FLUSH, pack]);
}

/** The lines of a pkt-line stream, flushes as null (none when it is not one: then there is no report). */
function parsePkts(buf: Buffer): (string | null)[] {
  try {
    return splitPkts(buf).pkts.map((p) => (p.kind === 'data' ? p.data.toString('utf8') : null));
  } catch {
    return [];
  }
}

/** Reads the report-status after the (optional) advertisement. */
function readReport(lines: (string | null)[], ref: string): ReceiveResult {
  const unpack = lines.find((l) => l?.startsWith('unpack '));
  if (!unpack) return { status: 'error', message: 'the remote sent no push report' };
  if (unpack.trim() !== 'unpack ok') return { status: 'error', message: `the remote could not unpack: ${unpack.trim()}` };
  if (lines.some((l) => l?.trim() === `ok ${ref}`)) return { status: 'ok' };
  const ng = lines.find((l) => l?.startsWith(`ng ${ref} `));
  return ng ? { status: 'rejected', reason: ng.slice(`ng ${ref} `.length).trim() } : { status: 'error', message: 'the remote did not report the ref' };
}

/** A `git receive-pack` process for a local remote, started ahead of the push it will take. */
export interface ReceivePackProcess {
  /** Sends one update with its pack; the report. Once. */
  send(body: Buffer, ref: string): Promise<ReceiveResult>;
  /** Ends it unused (an empty command list: receive-pack exits without doing anything). */
  close(): void;
}

/** Pushes `commit` to `ref` of `remote` if the ref is at `expected` (undefined: must not exist). `started`: a process from {@link startReceivePack}. */
export async function receivePack(gitDir: string, remote: string, ref: string, commit: string, expected: string | undefined, pack: Buffer, started?: ReceivePackProcess): Promise<ReceiveResult> {
  const body = requestBody(ref, expected, commit, pack);
  try {
    if (isHttpRemote(remote)) return await overHttp(remote, ref, body);
    return await (started ?? startReceivePack(gitDir, remote)).send(body, ref);
  } catch (err) {
    return { status: 'error', message: redact((err as Error).message) };
  }
}

async function overHttp(remote: string, ref: string, body: Buffer): Promise<ReceiveResult> {
  const target = httpRemote(remote);
  // Like git: discover first (forges may expect it, and it checks the credentials before the upload).
  await discover(target, 'git-receive-pack');
  return readReport(parsePkts(await post(target, 'git-receive-pack', body)), ref);
}

/**
 * Starts `git receive-pack` for a path or file:// remote. Its advertisement is not waited for
 * (receive-pack reads the request after writing it, and we keep reading), and the answer is taken
 * as soon as the report is complete: receive-pack may go on with housekeeping (`gc --auto`) after
 * reporting, which the push need not wait for. Started early, it is ready when the commit is: its
 * advertisement may then be old, which does not matter, since the lease (the expected old sha in
 * the command) is checked when the ref is updated.
 */
export function startReceivePack(gitDir: string, remote: string): ReceivePackProcess {
  const path = remote.startsWith('file://') ? fileURLToPath(remote) : remote;
  const child = spawn('git', ['receive-pack', path], { cwd: gitDir, env: gitEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
  const out: Buffer[] = [];
  let stderr = '';
  let closed: number | null | undefined;
  let onChange = (): void => {};
  child.stdout.on('data', (d: Buffer) => {
    out.push(d);
    onChange();
  });
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdin.on('error', () => {});
  let spawnError: Error | undefined;
  child.on('error', (e) => {
    spawnError = e;
    onChange();
  });
  child.on('close', (code) => {
    closed = code;
    onChange();
  });
  setRef(child, false);
  const report = (): { lines: (string | null)[]; complete: boolean } => {
    const lines = parsePkts(Buffer.concat(out));
    const after = lines.slice(lines.indexOf(null) + 1);
    return { lines: after, complete: lines.indexOf(null) >= 0 && after.includes(null) };
  };
  return {
    send(body, ref) {
      setRef(child, true);
      return new Promise((resolve) => {
        const settle = (result: ReceiveResult): void => {
          onChange = () => {};
          setRef(child, false);
          resolve(result);
        };
        onChange = () => {
          if (spawnError) return settle({ status: 'error', message: spawnError.message });
          const r = report();
          if (r.complete && r.lines.some((l) => l?.startsWith('unpack '))) return settle(readReport(r.lines, ref));
          if (closed !== undefined) {
            const result = readReport(r.lines, ref);
            settle(result.status === 'error' && closed !== 0 ? { status: 'error', message: `git receive-pack exit ${closed}: ${stderr.split('\n')[0] ?? ''}` } : result);
          }
        };
        child.stdin.end(body);
        onChange();
      });
    },
    close() {
      child.stdin.end(FLUSH);
    },
  };
}
