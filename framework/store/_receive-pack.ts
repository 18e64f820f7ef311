/**
 * Pushes one ref update by speaking git's receive-pack protocol directly (local repositories through
 * `git receive-pack`, http(s) through smart HTTP). Why not `git push`: for a squash commit (a new
 * root commit) git cannot tell which trees the remote already has, so it walks — and in a blob-less
 * cache, fetches — every unchanged tree. Here the pack is `new commit minus the base root tree`,
 * and the expected old value in the command is the lease, checked atomically by the remote.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { GfaError } from '../errors.ts';
import { gitEnv, redact, runGit } from './_exec.ts';

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

function pkt(line: string): Buffer {
  const body = Buffer.from(line);
  return Buffer.concat([Buffer.from((body.length + 4).toString(16).padStart(4, '0')), body]);
}

/** The request body: one command (old new ref, with report-status), a flush, then the pack. */
function requestBody(ref: string, expected: string | undefined, commit: string, pack: Buffer): Buffer {
  return Buffer.concat([pkt(`${expected ?? ZERO} ${commit} ${ref}\0report-status agent=gfa\n`), Buffer.from('0000'), pack]);
}

/** Parses pkt-lines; returns the lines (flushes as null). */
function parsePkts(buf: Buffer): (string | null)[] {
  const out: (string | null)[] = [];
  let i = 0;
  while (i + 4 <= buf.length) {
    const len = Number.parseInt(buf.toString('latin1', i, i + 4), 16);
    if (Number.isNaN(len)) break;
    if (len === 0) {
      out.push(null);
      i += 4;
      continue;
    }
    out.push(buf.toString('utf8', i + 4, i + len));
    i += len;
  }
  return out;
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

/** Pushes `commit` to `ref` of `remote` if the ref is at `expected` (undefined: must not exist). */
export async function receivePack(gitDir: string, remote: string, ref: string, commit: string, expected: string | undefined, pack: Buffer): Promise<ReceiveResult> {
  const body = requestBody(ref, expected, commit, pack);
  try {
    if (/^https?:\/\//i.test(remote)) return await overHttp(remote, ref, body);
    const path = remote.startsWith('file://') ? fileURLToPath(remote) : remote;
    return await overPipe(gitDir, path, ref, body);
  } catch (err) {
    return { status: 'error', message: redact((err as Error).message) };
  }
}

async function overHttp(remote: string, ref: string, body: Buffer): Promise<ReceiveResult> {
  const url = new URL(remote);
  const headers: Record<string, string> = { 'content-type': 'application/x-git-receive-pack-request', accept: 'application/x-git-receive-pack-result', 'user-agent': 'git/gfa' };
  if (url.username || url.password) {
    headers.authorization = `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}`;
    url.username = '';
    url.password = '';
  }
  const base = url.toString().replace(/\/$/, '');
  // Like git: discover first (forges may expect it, and it checks the credentials before the upload).
  const refs = await fetch(`${base}/info/refs?service=git-receive-pack`, { headers: { 'user-agent': 'git/gfa', ...(headers.authorization ? { authorization: headers.authorization } : {}) } });
  await refs.arrayBuffer();
  if (refs.status !== 200) return { status: 'error', message: `HTTP ${refs.status} from ${redact(base)}; check the remote URL and its credentials` };
  const res = await fetch(`${base}/git-receive-pack`, { method: 'POST', headers, body: new Blob([new Uint8Array(body)]) });
  const out = Buffer.from(await res.arrayBuffer());
  if (res.status !== 200) return { status: 'error', message: `HTTP ${res.status} from ${redact(base)}` };
  return readReport(parsePkts(out), ref);
}

function overPipe(gitDir: string, path: string, ref: string, body: Buffer): Promise<ReceiveResult> {
  return new Promise((resolve) => {
    const child = spawn('git', ['receive-pack', path], { cwd: gitDir, env: gitEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let stderr = '';
    let sent = false;
    child.stdout.on('data', (d: Buffer) => {
      out.push(d);
      // Send the request once the advertisement (ending with a flush) has arrived.
      if (!sent && parsePkts(Buffer.concat(out)).includes(null)) {
        sent = true;
        child.stdin.end(body);
      }
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdin.on('error', () => {});
    child.on('error', (e) => resolve({ status: 'error', message: e.message }));
    child.on('close', (code) => {
      const all = Buffer.concat(out);
      const lines = parsePkts(all);
      const report = readReport(lines.slice(lines.indexOf(null) + 1), ref);
      if (report.status === 'error' && code !== 0) resolve({ status: 'error', message: `git receive-pack exit ${code}: ${stderr.split('\n')[0] ?? ''}` });
      else resolve(report);
    });
  });
}
