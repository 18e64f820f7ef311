/**
 * Fetching by speaking git's protocol v2 to `upload-pack` directly: one `ls-refs` for the branch
 * head, then `fetch` commands whose packs we read in-process. Local remotes get one long-lived
 * `git upload-pack` process for all the commands of a store (where `git fetch` would start a
 * shell, upload-pack and index-pack every time); http(s) remotes get one POST per command.
 * A server that does not answer in protocol v2 gets `undefined` from {@link openUploadPack}; the
 * caller then falls back to `git fetch`.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { gitEnv, redact, setRef } from './exec.ts';
import { DELIM, FLUSH, pkt, pktText, splitPkts, type Pkt } from './pktline.ts';
import { isHttpRemote } from './remote.ts';
import { discover, HTTP_LIMITS, httpRemote, post, type HttpRemote } from './smart-http.ts';

/** What a fetch asks for. */
export interface FetchRequest {
  wants: string[];
  /** Commit depth (`deepen`); omitted = whole history of the wants. */
  depth?: number;
  /** An object filter such as `tree:1` or `blob:none`, used when the server allows filters. */
  filter?: string;
}

/** A protocol-v2 conversation with one remote's upload-pack. */
export interface UploadPack {
  /** The sha `ref` points at, or undefined when it does not exist. */
  lsRef(ref: string): Promise<string | undefined>;
  /** The pack the server sends for `request` (an empty pack when there is nothing to send). */
  fetch(request: FetchRequest): Promise<Buffer>;
  /** Ends the conversation after the requests already sent (stops the process of a local remote). */
  close(): void;
  /**
   * False when `lsRef` may answer from a snapshot taken earlier in the conversation (one long-lived
   * local process caches refs), so reading a head that must be current needs a new conversation.
   */
  readonly currentRefs: boolean;
}

/** Sends one command request and resolves with its response packets, up to the closing flush. */
interface Channel {
  request(body: Buffer): Promise<Pkt[]>;
  close(): void;
  currentRefs: boolean;
}

/** `ls-refs` for one ref. It carries no capabilities, so it can be sent before they are known. */
function lsRefsRequest(ref: string): Buffer {
  return Buffer.concat([pkt('command=ls-refs\n'), DELIM, pkt(`ref-prefix ${ref}\n`), FLUSH]);
}

/**
 * Opens a conversation with `remote` (run local processes in `cwd`). Undefined when the server
 * does not speak protocol v2. Connection errors throw with a credential-free message.
 * `firstRef`: the ref the caller will ask for first; a local process gets that question at once,
 * with no wait for its advertisement (the answers come in order).
 */
export async function openUploadPack(remote: string, cwd: string, firstRef?: string): Promise<UploadPack | undefined> {
  let channel: Channel;
  let caps: Pkt[];
  let early: Promise<Pkt[]> | undefined;
  if (isHttpRemote(remote)) {
    const target = httpRemote(remote);
    const advert = splitPkts(await discover(target, 'git-upload-pack', { 'git-protocol': 'version=2' })).pkts;
    // The v2 capabilities up to a flush, after a `# service=git-upload-pack` line and its flush
    // when the server sends one (git http-backend does not for v2; the v0 advertisement has it).
    const first = advert[0] && pktText(advert[0]);
    caps = first?.startsWith('# service=') ? advert.slice(advert.findIndex((p) => p.kind === 'flush') + 1) : advert;
    channel = httpChannel(target);
  } else {
    const pipe = pipeChannel(remote.startsWith('file://') ? fileURLToPath(remote) : remote, cwd);
    channel = pipe;
    if (firstRef !== undefined) {
      early = pipe.request(lsRefsRequest(firstRef));
      early.catch(() => {}); // a v0 server dies on it: that is reported below, as "not v2"
    }
    caps = await pipe.advertisement;
  }
  const lines = caps.map(pktText);
  if (lines[0] !== 'version 2') {
    channel.close();
    return undefined;
  }
  if (lines.includes('object-format=sha256')) {
    channel.close();
    throw new Error('the repository uses SHA-256 object names, which gfa does not support; use a SHA-1 repository for the data branch');
  }
  const fetchCaps = new Set((lines.find((l) => l?.startsWith('fetch'))?.split('=')[1] ?? '').split(' '));
  // Only what the server advertised: `agent` and `object-format` are capabilities like any other.
  const sha1 = lines.includes('object-format=sha1') ? [pkt('object-format=sha1\n')] : [];
  const agent = lines.some((l) => l?.startsWith('agent=')) ? [pkt('agent=git/gfa\n')] : [];
  const command = (name: string, args: string[]): Buffer => Buffer.concat([pkt(`command=${name}\n`), ...agent, ...sha1, DELIM, ...args.map((a) => pkt(`${a}\n`)), FLUSH]);
  const safe = redact(remote);

  return {
    async lsRef(ref) {
      const asked = early && ref === firstRef ? early : undefined;
      if (asked) early = undefined;
      const pkts = await (asked ?? channel.request(lsRefsRequest(ref)));
      for (const line of pkts.map(pktText)) {
        if (line === undefined) continue;
        failOnErr(line);
        const [sha, name] = line.split(' ');
        if (name === ref && sha && /^[0-9a-f]{40}$/.test(sha)) return sha;
      }
      return undefined;
    },
    async fetch(req) {
      const args = ['no-progress', 'ofs-delta'];
      if (req.depth !== undefined && fetchCaps.has('shallow')) args.push(`deepen ${req.depth}`);
      if (req.filter !== undefined && fetchCaps.has('filter')) args.push(`filter ${req.filter}`);
      const missing = [...(req.depth !== undefined && !fetchCaps.has('shallow') ? ['shallow'] : []), ...(req.filter !== undefined && !fetchCaps.has('filter') ? ['filter'] : [])];
      if (missing.length > 0) warnOnce(safe, `gfa: warning: ${safe} does not offer ${missing.join(' or ')}: fetches bring more than needed (bounded to ${HTTP_LIMITS.maxResponseBytes} bytes an answer); enable uploadpack.allowFilter on the server\n`);
      for (const want of req.wants) args.push(`want ${want}`);
      args.push('done');
      return packOf(await channel.request(command('fetch', args)));
    },
    close: () => channel.close(),
    currentRefs: channel.currentRefs,
  };
}

const warned = new Set<string>();

/** Writes `text` to stderr once per process and remote. */
function warnOnce(remote: string, text: string): void {
  if (warned.has(remote)) return;
  warned.add(remote);
  process.stderr.write(text);
}

/** The pack inside a fetch response (the `packfile` section, side-band 1). */
function packOf(pkts: Pkt[]): Buffer {
  const parts: Buffer[] = [];
  let inPack = false;
  for (const p of pkts) {
    if (p.kind !== 'data') continue;
    if (!inPack) {
      const line = pktText(p) ?? '';
      failOnErr(line);
      if (line === 'packfile') inPack = true;
      continue;
    }
    const band = p.data[0];
    if (band === 1) parts.push(p.data.subarray(1));
    else if (band === 3) throw new Error(`the remote failed: ${p.data.subarray(1).toString('utf8').trim()}`);
  }
  if (!inPack) throw new Error('the remote sent no pack');
  return Buffer.concat(parts);
}

function failOnErr(line: string): void {
  if (line.startsWith('ERR ')) throw new Error(`the remote refused: ${line.slice(4).trim()}`);
}

function httpChannel(target: HttpRemote): Channel {
  return {
    async request(body) {
      return splitPkts(await post(target, 'git-upload-pack', body, { 'git-protocol': 'version=2' })).pkts;
    },
    close() {},
    currentRefs: true,
  };
}

/**
 * One `git upload-pack` process for many commands: each response ends with a flush. Requests are
 * answered in order. Idle, the process does not keep Node alive; it ends when we close its stdin.
 */
function pipeChannel(path: string, cwd: string): Channel & { advertisement: Promise<Pkt[]> } {
  const child: ChildProcessWithoutNullStreams = spawn('git', ['upload-pack', path], { cwd, env: { ...gitEnv(), GIT_PROTOCOL: 'version=2' }, stdio: ['pipe', 'pipe', 'pipe'] });
  const waiters: { resolve(p: Pkt[]): void; reject(e: Error): void }[] = [];
  let buf: Buffer = Buffer.alloc(0);
  let current: Pkt[] = [];
  let stderr = '';
  let failure: Error | undefined;
  const fail = (err: Error) => {
    failure ??= err;
    for (const w of waiters.splice(0)) w.reject(failure);
  };
  let answered = 0;
  child.stdout.on('data', (d: Buffer) => {
    answered += d.length;
    if (answered > HTTP_LIMITS.maxResponseBytes) {
      fail(new Error(`the answer is larger than ${HTTP_LIMITS.maxResponseBytes} bytes; refusing to read more`));
      child.kill();
      return;
    }
    buf = buf.length === 0 ? d : Buffer.concat([buf, d]);
    let split;
    try {
      split = splitPkts(buf);
    } catch (err) {
      fail(err as Error);
      child.kill();
      return;
    }
    buf = buf.subarray(split.used);
    for (const p of split.pkts) {
      current.push(p);
      // A flush ends every v2 response (and the v0 advertisement of a server that ignores GIT_PROTOCOL).
      if (p.kind === 'flush') {
        const done = current;
        current = [];
        answered = 0;
        waiters.shift()?.resolve(done);
        if (waiters.length === 0) setRef(child, false);
      }
    }
  });
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdin.on('error', () => {});
  child.on('error', (e) => fail(new Error(`cannot run git upload-pack (${e.message}); install git and put it on PATH`)));
  child.on('close', (code) => fail(new Error(redact(`git upload-pack ${code === 0 ? 'ended' : `failed (exit ${code})`}: ${stderr.split('\n').find((l) => l.trim()) ?? 'no message'}`))));
  const next = (): Promise<Pkt[]> =>
    new Promise((resolve, reject) => {
      if (failure) return reject(failure);
      setRef(child, true);
      waiters.push({ resolve, reject });
    });
  return {
    advertisement: next(),
    request(body) {
      const answer = next();
      if (!failure) child.stdin.write(body);
      return answer;
    },
    close() {
      child.stdin.end(FLUSH);
    },
    currentRefs: false,
  };
}
