/**
 * Git's smart HTTP transport, as our own fetch and push speak it: credentials from the URL become a
 * Basic `authorization` header (and never appear in a message), the service is discovered with
 * `GET info/refs?service=…` like git does, and each request is one POST.
 *
 * Nothing a server answers is trusted blindly: every request has a timeout; a redirect is followed
 * only within the same origin (the credentials must not travel elsewhere) and only for the
 * discovery; an answer must carry git's content type (a login page served with 200 is named as
 * such); bodies are read up to a size limit; 429, 5xx and dropped connections are retried with
 * backoff, honouring `Retry-After` (a push only after a 429, which says nothing was done).
 */

/** A remote URL split into its credential-free base and its authorization header. */
export interface HttpRemote {
  base: string;
  headers: Record<string, string>;
}

/** Limits of one request; tests lower them. */
export const HTTP_LIMITS = {
  /** Milliseconds one request (answer included) may take. */
  timeoutMs: 120_000,
  /** Bytes one answer may hold (a pack is bounded again when read). */
  maxResponseBytes: 1024 * 1024 * 1024,
  /** Attempts of a request that may be retried. */
  attempts: 4,
  /** The longest wait between attempts, whatever `Retry-After` says. */
  maxWaitMs: 30_000,
  /** The first backoff wait. */
  baseWaitMs: 500,
};

/** Parses an http(s) remote URL. */
export function httpRemote(remote: string): HttpRemote {
  const url = new URL(remote);
  const headers: Record<string, string> = { 'user-agent': 'git/gfa' };
  if (url.username || url.password) {
    headers.authorization = `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}`;
    url.username = '';
    url.password = '';
  }
  return { base: url.toString().replace(/\/$/, ''), headers };
}

type Service = 'git-upload-pack' | 'git-receive-pack';

/**
 * `GET info/refs?service=…`: the advertisement. Like git, a redirect is followed here only (same
 * origin), and the requests that follow go to where it led (`remote.base` is updated).
 */
export async function discover(remote: HttpRemote, service: Service, extra: Record<string, string> = {}): Promise<Buffer> {
  let url = `${remote.base}/info/refs?service=${service}`;
  for (let hops = 0; ; hops++) {
    const res = await send(url, { headers: { ...remote.headers, ...extra } }, true);
    const location = res.status >= 300 && res.status < 400 ? res.headers.get('location') : null;
    if (location === null) {
      const body = await answer(res, `application/x-${service}-advertisement`);
      const moved = new URL(url);
      if (hops > 0 && moved.pathname.endsWith('/info/refs')) remote.base = `${moved.origin}${moved.pathname.slice(0, -'/info/refs'.length)}`;
      return body;
    }
    await res.body?.cancel();
    const next = new URL(location, url);
    if (next.origin !== new URL(url).origin) throw new Error(`redirected to another origin (${next.origin}); the credentials are not sent there: use that URL as the remote if you trust it`);
    if (hops >= 5) throw new Error('too many redirects');
    url = next.toString();
  }
}

/** `POST /<service>` with a request body; the whole response body. A push is retried only after a 429. */
export async function post(remote: HttpRemote, service: Service, body: Buffer, extra: Record<string, string> = {}): Promise<Buffer> {
  const headers = { ...remote.headers, 'content-type': `application/x-${service}-request`, accept: `application/x-${service}-result`, ...extra };
  const res = await send(`${remote.base}/${service}`, { method: 'POST', headers, body: new Uint8Array(body) }, service === 'git-upload-pack');
  if (res.status >= 300 && res.status < 400) {
    await res.body?.cancel();
    throw new Error(`HTTP ${res.status}: the server redirected a ${service} request; use the URL it redirects to as the remote`);
  }
  return answer(res, `application/x-${service}-result`);
}

/** One request with timeout and retries; redirects are returned to the caller. */
async function send(url: string, init: RequestInit, idempotent: boolean): Promise<Response> {
  for (let attempt = 1; ; attempt++) {
    let res: Response;
    try {
      res = await fetch(url, { ...init, redirect: 'manual', signal: AbortSignal.timeout(HTTP_LIMITS.timeoutMs) });
    } catch (err) {
      const why = (err as Error).name === 'TimeoutError' ? `no answer within ${HTTP_LIMITS.timeoutMs / 1000} s` : `connection failed (${causeOf(err)})`;
      // A dropped push may have landed: the transaction asks the remote, so it is not retried here.
      if (!idempotent || attempt >= HTTP_LIMITS.attempts) throw new Error(why);
      await sleep(backoff(attempt));
      continue;
    }
    const retryable = res.status === 429 || (idempotent && (res.status === 500 || res.status === 502 || res.status === 503 || res.status === 504));
    if (!retryable || attempt >= HTTP_LIMITS.attempts) return res;
    await res.body?.cancel();
    await sleep(retryAfter(res.headers.get('retry-after')) ?? backoff(attempt));
  }
}

/** The body of a 200 answer of git's `type`, read up to the size limit; anything else is a clear error. */
async function answer(res: Response, type: string): Promise<Buffer> {
  if (res.status !== 200) {
    const text = await readBody(res, 4096).then((b) => b.toString('utf8'), () => '');
    const hint = res.status === 401 || res.status === 403 || res.status === 404 ? '; check the remote URL and its credentials' : '';
    throw new Error(`HTTP ${res.status}${hint}${text.trim() ? `: the server said: ${oneLine(text)}` : ''}`);
  }
  const got = (res.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (got !== type) {
    await res.body?.cancel();
    if (got === 'text/html') throw new Error(`the server answered with a web page (text/html), not git's protocol: a login or error page? check the remote URL and its credentials`);
    throw new Error(`the server answered with ${got || 'no content type'}, not ${type}: it does not speak git's smart HTTP protocol at this URL`);
  }
  return readBody(res, HTTP_LIMITS.maxResponseBytes);
}

async function readBody(res: Response, limit: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  let size = 0;
  if (!res.body) return Buffer.alloc(0);
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      if (limit < HTTP_LIMITS.maxResponseBytes) break; // an error page: its start is enough
      throw new Error(`the answer is larger than ${limit} bytes; refusing to read more`);
    }
    parts.push(Buffer.from(value));
  }
  return Buffer.concat(parts);
}

/** Milliseconds a `Retry-After` (seconds or an HTTP date) asks for, capped; undefined when absent. */
export function retryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(value) - now;
  return Number.isFinite(ms) ? Math.min(HTTP_LIMITS.maxWaitMs, Math.max(0, ms)) : undefined;
}

function backoff(attempt: number): number {
  return Math.min(HTTP_LIMITS.maxWaitMs, HTTP_LIMITS.baseWaitMs * 2 ** (attempt - 1)) * (0.5 + Math.random() / 2);
}

function causeOf(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (err as Error).message;
}

/** A server's text as one short line (it goes into an error message). */
function oneLine(text: string): string {
  const line = text.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
