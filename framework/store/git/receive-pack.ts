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

/** The request body: one command (old new ref, with the capabilities we use), a flush, then the pack. */
function requestBody(ref: string, expected: string | undefined, commit: string, pack: Buffer, caps = 'report-status agent=gfa'): Buffer {
  return Buffer.concat([pkt(`${expected ?? ZERO} ${commit} ${ref}\0${caps}\n`), FLUSH, pack]);
}

/** The lines of a pkt-line stream, flushes as null (none when it is not one: then there is no report). */
function parsePkts(buf: Buffer): (string | null)[] {
  try {
    return splitPkts(buf).pkts.map((p) => (p.kind === 'data' ? p.data.toString('utf8') : null));
  } catch {
    return [];
  }
}

/**
 * The capabilities of a receive-pack advertisement (after the NUL of its first line). Throws for a
 * SHA-256 repository and for a server that cannot report a push's result.
 */
export function receiveCaps(advert: Buffer): Set<string> {
  let pkts: ReturnType<typeof splitPkts>['pkts'];
  try {
    pkts = splitPkts(advert).pkts;
  } catch (err) {
    throw new Error(`the push advertisement is ${(err as Error).message}`);
  }
  const first = pkts.map((p) => (p.kind === 'data' ? p.data.toString('utf8') : undefined)).find((l) => l !== undefined && !l.startsWith('# service='));
  const caps = new Set((first?.split('\0')[1] ?? '').trim().split(' ').filter(Boolean));
  if (caps.has('object-format=sha256')) throw new Error('the repository uses SHA-256 object names, which gfa does not support; use a SHA-1 repository for the data branch');
  if (!caps.has('report-status')) throw new Error('the server does not offer report-status, so a push result cannot be known; gfa needs a git server that does');
  return caps;
}

/** The report and the server's messages of a side-band-64k answer (band 1: the report; 2: messages; 3: a fatal error). */
export function demuxSideBand(buf: Buffer): { report: Buffer; messages: string[] } {
  const report: Buffer[] = [];
  const messages: string[] = [];
  let pkts: ReturnType<typeof splitPkts>['pkts'] = [];
  try {
    pkts = splitPkts(buf).pkts;
  } catch {
    // not a pkt-line stream: no report, which readReport names
  }
  for (const p of pkts) {
    if (p.kind !== 'data' || p.data.length === 0) continue;
    const band = p.data[0];
    const text = p.data.subarray(1);
    if (band === 1) report.push(text);
    else if (band === 2 || band === 3) messages.push(...text.toString('utf8').split(/[\r\n]+/).map((l) => l.trim()).filter(Boolean));
  }
  return { report: Buffer.concat(report), messages };
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
  try {
    if (isHttpRemote(remote)) return await overHttp(remote, ref, expected, commit, pack);
    return await (started ?? startReceivePack(gitDir, remote)).send(requestBody(ref, expected, commit, pack), ref);
  } catch (err) {
    return { status: 'error', message: redact((err as Error).message) };
  }
}

async function overHttp(remote: string, ref: string, expected: string | undefined, commit: string, pack: Buffer): Promise<ReceiveResult> {
  const target = httpRemote(remote);
  // Like git: discover first (forges may expect it, and it checks the credentials before the upload).
  const caps = receiveCaps(await discover(target, 'git-receive-pack'));
  const asked = ['report-status', ...(caps.has('side-band-64k') ? ['side-band-64k'] : []), ...([...caps].some((c) => c.startsWith('agent=')) ? ['agent=git/gfa'] : [])];
  const answer = await post(target, 'git-receive-pack', requestBody(ref, expected, commit, pack, asked.join(' ')));
  if (!caps.has('side-band-64k')) return readReport(parsePkts(answer), ref);
  const { report, messages } = demuxSideBand(answer);
  const result = readReport(parsePkts(report), ref);
  // The server's own words (a protected branch, a ruleset, a push rule) go into the error.
  const said = messages.length > 0 ? ` (the server said: ${messages.join(' / ').slice(0, 500)})` : '';
  if (result.status === 'rejected') return { status: 'rejected', reason: `${result.reason}${said}` };
  if (result.status === 'error') return { status: 'error', message: `${result.message}${said}` };
  return result;
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
