/** The git client against a hostile or unusual server: every server-controlled number, answer and redirect is checked. */
import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { isGfaError } from '../../framework/errors.ts';
import { gitDriver } from '../../framework/store/drivers/git.ts';
import { parseTree } from '../../framework/store/git/objects.ts';
import { MAX_OBJECT_BYTES, readPack } from '../../framework/store/git/pack-read.ts';
import { pkt, splitPkts } from '../../framework/store/git/pktline.ts';
import { HTTP_LIMITS, retryAfter } from '../../framework/store/git/smart-http.ts';
import { createStore, type Store } from '../../framework/store/store.ts';
import { startGitServer, type GitServer } from '../helpers/git-server.ts';
import { startHostileServer, type HostileServer } from './helpers/hostile-server.ts';

let git: GitServer;
let hostile: HostileServer;
const limits = { ...HTTP_LIMITS };
const stores: Store[] = [];
beforeAll(async () => {
  git = await startGitServer();
  hostile = await startHostileServer(new URL(git.url('x')).origin);
});
afterAll(async () => {
  await hostile.close();
  await git.close();
});
afterEach(async () => {
  Object.assign(HTTP_LIMITS, limits);
  hostile.hook = () => undefined;
  hostile.seen.length = 0;
  for (const s of stores.splice(0)) await s.close();
});

let repos = 0;
/** A repo on the real server holding `values`, and its URL through the hostile server. */
async function repo(values: Record<string, string> = { 'a/b/c': 'nested', top: 'level' }): Promise<string> {
  const name = `h${repos++}`;
  git.createRepo(name);
  const direct = createStore(gitDriver({ remote: git.url(name) }));
  await direct.transaction(async (tx) => {
    for (const [k, v] of Object.entries(values)) tx.set(k, v);
  });
  await direct.close();
  const url = new URL(git.url(name));
  return `http://${url.username}:${url.password}@${new URL(hostile.origin).host}${url.pathname}`;
}
const open = (remote: string) => {
  const s = createStore(gitDriver({ remote }));
  stores.push(s);
  return s;
};
const fail = async (p: Promise<unknown>): Promise<Error> => {
  const err = await p.then(() => undefined, (e: unknown) => e as Error);
  expect(err, 'expected a failure').toBeInstanceOf(Error);
  expect(isGfaError(err), String(err)).toBe(true);
  expect(err!.message).not.toMatch(/test-password/);
  return err!;
};
const packOf = (entries: Buffer[]): Buffer => {
  const head = Buffer.alloc(12);
  head.write('PACK');
  head.writeUInt32BE(2, 4);
  head.writeUInt32BE(entries.length, 8);
  const body = Buffer.concat([head, ...entries]);
  return Buffer.concat([body, createHash('sha1').update(body).digest()]);
};
const v2 = (lines: string[]) => Buffer.concat([...lines.map((l) => pkt(`${l}\n`)), Buffer.from('0000')]);
const advert = (type: string, body: Buffer | string, status = 200) => new Response(typeof body === 'string' ? body : new Uint8Array(body), { status, headers: { 'content-type': type } });
const UPLOAD_ADVERT = 'application/x-git-upload-pack-advertisement';

describe('parsing what a server sends, with bounds', () => {
  it('a tree entry with no space or NUL is an error, not a loop', () => {
    for (const bad of ['100644 name-without-nul', 'no-space-at-all', '100644 x\0short-sha', ' \0']) {
      expect(() => parseTree(Buffer.from(bad)), JSON.stringify(bad)).toThrow(/malformed tree object/);
    }
    expect(parseTree(Buffer.concat([Buffer.from('100644 ok\0'), Buffer.alloc(20, 1)]))).toHaveLength(1);
  });

  it('a pack entry or delta claiming a huge size is refused before any allocation', () => {
    // A blob entry whose header claims 2^32 bytes: type 3, then the size, 4 bits and 7 bits a byte.
    const huge = Buffer.from([0xb0, 0x80, 0x80, 0x80, 0x80, 0x01]);
    expect(() => readPack(packOf([Buffer.concat([huge, deflateSync(Buffer.from('x'))])]))).toThrow(/claims \d+ bytes, more than the/);
    // A whole blob "ab" then a REF_DELTA on it whose target size is MAX_OBJECT_BYTES + 1.
    const blob = Buffer.concat([Buffer.from([0x32]), deflateSync(Buffer.from('ab'))]);
    const baseSha = createHash('sha1').update('blob 2\0ab').digest();
    const target = MAX_OBJECT_BYTES + 1;
    const varint = (n: number) => {
      const out: number[] = [];
      do {
        let b = n % 128;
        n = Math.floor(n / 128);
        if (n > 0) b |= 0x80;
        out.push(b);
      } while (n > 0);
      return out;
    };
    const delta = Buffer.from([...varint(2), ...varint(target), 0x90, 0x02]);
    const entry = Buffer.concat([Buffer.from([0x70 | delta.length]), baseSha, deflateSync(delta)]);
    expect(() => readPack(packOf([blob, entry]))).toThrow(/makes \d+ bytes, more than the/);
  });

  it('a pkt-line of length 3 is not a git stream', () => {
    expect(() => splitPkts(Buffer.from('0003'))).toThrow(/not a git pkt-line stream/);
  });

  it('Retry-After in seconds or as a date, capped', () => {
    expect(retryAfter('2', 0)).toBe(2000);
    expect(retryAfter('100000', 0)).toBe(HTTP_LIMITS.maxWaitMs);
    expect(retryAfter(new Date(5000).toUTCString(), 0)).toBe(5000);
    expect(retryAfter(null)).toBeUndefined();
  });
});

describe('a hostile or unusual smart-HTTP server', () => {
  it('refuses a redirect to another origin without sending the credentials there', async () => {
    const other = await startHostileServer();
    try {
      const remote = await repo();
      hostile.hook = (r) => (r.url.includes('/info/refs') ? new Response(null, { status: 302, headers: { location: `${other.origin}/git/x.git/info/refs?service=git-upload-pack` } }) : undefined);
      const err = await fail(open(remote).get('top'));
      expect(err.message).toMatch(/redirected to another origin \(http:\/\/127\.0\.0\.1:\d+\); the credentials are not sent there/);
      expect(other.seen).toHaveLength(0);
    } finally {
      await other.close();
    }
  });

  it('follows a redirect within the same origin', async () => {
    const remote = await repo();
    const path = new URL(remote).pathname;
    const moved = remote.replace(path, '/old/place.git');
    hostile.hook = (r) => (r.url.startsWith('/old/place.git/info/refs') ? new Response(null, { status: 301, headers: { location: r.url.replace('/old/place.git', path) } }) : undefined);
    expect(await open(moved).get('a/b/c')).toBe('nested');
  });

  it('names a login page served with 200, and a server that is not git', async () => {
    const remote = await repo();
    hostile.hook = () => advert('text/html; charset=utf-8', '<html><body>Sign in</body></html>');
    expect((await fail(open(remote).get('top'))).message).toMatch(/answered with a web page \(text\/html\), not git's protocol: a login or error page\?/);
    hostile.hook = () => advert('text/plain', '0000');
    expect((await fail(open(remote).get('top'))).message).toMatch(/answered with text\/plain, not application\/x-git-upload-pack-advertisement/);
  });

  it("puts the server's answer text in the error when it refuses", async () => {
    const remote = await repo();
    hostile.hook = () => advert('text/plain', 'HTTP Basic: Access denied. The provided password or token is incorrect', 403);
    const err = await fail(open(remote).get('top'));
    expect(err.message).toMatch(/HTTP 403; check the remote URL and its credentials: the server said: HTTP Basic: Access denied/);
  });

  it('retries 429 and 503, honouring Retry-After', async () => {
    const remote = await repo();
    let refused = 0;
    hostile.hook = () => (refused++ < 2 ? new Response('slow down', { status: refused === 1 ? 429 : 503, headers: { 'retry-after': '0' } }) : undefined);
    expect(await open(remote).get('a/b/c')).toBe('nested');
    expect(refused).toBeGreaterThan(2);
  });

  it('gives up on a server that never answers, after the timeout', async () => {
    const remote = await repo();
    HTTP_LIMITS.timeoutMs = 300;
    HTTP_LIMITS.attempts = 2;
    HTTP_LIMITS.baseWaitMs = 10;
    hostile.hook = () => new Promise<undefined>(() => {});
    expect((await fail(open(remote).get('top'))).message).toMatch(/no answer within 0\.3 s/);
  });

  it('refuses an answer larger than the limit', async () => {
    const remote = await repo();
    HTTP_LIMITS.maxResponseBytes = 1000;
    hostile.hook = (r) => (r.url.includes('/info/refs') ? advert(UPLOAD_ADVERT, Buffer.alloc(5000, 0x30)) : undefined);
    expect((await fail(open(remote).get('top'))).message).toMatch(/larger than 1000 bytes/);
  });

  it('says a SHA-256 repository is not supported', async () => {
    const remote = await repo();
    hostile.hook = (r) => (r.url.includes('/info/refs') ? advert(UPLOAD_ADVERT, v2(['version 2', 'agent=jgit', 'ls-refs', 'fetch=shallow filter', 'object-format=sha256'])) : undefined);
    expect((await fail(open(remote).get('top'))).message).toMatch(/SHA-256 object names, which gfa does not support/);
  });

  it("shows a receive-pack's side-band refusal in the error", async () => {
    const remote = await repo();
    hostile.hook = (r) => {
      if (r.method !== 'POST' || !r.url.endsWith('/git-receive-pack')) return undefined;
      // Only what we asked for may be used: side-band-64k was advertised by git http-backend and asked for.
      expect(r.body.toString('latin1')).toMatch(/\0report-status side-band-64k agent=git\/gfa\n/);
      const band = (n: number, payload: Buffer | string) => pkt(Buffer.concat([Buffer.from([n]), Buffer.from(payload)]));
      const report = Buffer.concat([pkt('unpack ok\n'), pkt('ng refs/heads/data pre-receive hook declined\n'), Buffer.from('0000')]);
      const body = Buffer.concat([band(2, 'GitLab: You are not allowed to push code to protected branches on this project.\n'), band(1, report), Buffer.from('0000')]);
      return advert('application/x-git-receive-pack-result', body);
    };
    const err = await fail(open(remote).set('top', 'changed'));
    expect(err.message).toMatch(/was refused: pre-receive hook declined \(the server said: GitLab: You are not allowed to push code to protected branches on this project\.\)/);
  });

  it('fetches objects a server left out of a by-id answer under tree:0 (JGit) another way, and remembers how', async () => {
    const remote = await repo({ 'a/b/c': 'nested', 'a/d': 'x', top: 'level' });
    const empty = Buffer.concat([pkt('packfile\n'), pkt(Buffer.concat([Buffer.from([1]), packOf([])])), Buffer.from('0000')]);
    let emptied = 0;
    hostile.hook = (r) => {
      const text = r.body.toString('latin1');
      // JGit: a want by id, not deepened, under tree:0 gets an empty pack.
      if (r.url.endsWith('/git-upload-pack') && text.includes('filter tree:0') && !text.includes('deepen')) {
        emptied++;
        return advert('application/x-git-upload-pack-result', empty);
      }
      return undefined;
    };
    expect(await open(remote).get('a/b/c')).toBe('nested');
    expect(emptied).toBeGreaterThan(0);
    const before = emptied;
    expect(await open(remote).get('a/d')).toBe('x');
    expect(emptied).toBe(before); // the fallback filter was remembered for this remote
  });

  it('warns once and still works when the server offers no filter', async () => {
    const remote = await repo();
    const warn = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      hostile.hook = async (r) => {
        if (!r.url.includes('/info/refs')) return undefined;
        const url = new URL(remote);
        const res = await fetch(`${new URL(git.url('x')).origin}${r.url}`, { headers: { authorization: `Basic ${Buffer.from(`${url.username}:${decodeURIComponent(url.password)}`).toString('base64')}`, 'git-protocol': 'version=2' } });
        const text = Buffer.from(await res.arrayBuffer()).toString('latin1');
        const lines = splitPkts(Buffer.from(text, 'latin1')).pkts.flatMap((p) => (p.kind === 'data' ? [p.data.toString('utf8').trim()] : []));
        return advert(UPLOAD_ADVERT, v2(lines.map((l) => (l.startsWith('fetch=') ? 'fetch=shallow' : l))));
      };
      expect(await open(remote).get('a/b/c')).toBe('nested');
      const warned = warn.mock.calls.map((c) => String(c[0])).filter((l) => l.includes('does not offer filter'));
      expect(warned).toHaveLength(1);
      expect(warned[0]).not.toContain('test-password');
    } finally {
      warn.mockRestore();
    }
  });
});
