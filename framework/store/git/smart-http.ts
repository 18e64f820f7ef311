/**
 * Git's smart HTTP transport, as our own fetch and push speak it: credentials from the URL become a
 * Basic `authorization` header (and never appear in a message), the service is discovered with
 * `GET info/refs?service=…` like git does, and each request is one POST.
 */

/** A remote URL split into its credential-free base and its authorization header. */
export interface HttpRemote {
  base: string;
  headers: Record<string, string>;
}

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

/**
 * `GET info/refs?service=…`: the advertisement, or an error naming the status (callers name the
 * remote). Like git, a redirect is followed here only, and the requests that follow go to where it
 * led (`remote.base` is updated): a POST that is redirected would turn into a GET.
 */
export async function discover(remote: HttpRemote, service: 'git-upload-pack' | 'git-receive-pack', extra: Record<string, string> = {}): Promise<Buffer> {
  const res = await fetch(`${remote.base}/info/refs?service=${service}`, { headers: { ...remote.headers, ...extra } });
  const body = Buffer.from(await res.arrayBuffer());
  if (res.redirected) {
    const moved = new URL(res.url);
    if (moved.pathname.endsWith('/info/refs')) remote.base = `${moved.origin}${moved.pathname.slice(0, -'/info/refs'.length)}`;
  }
  if (res.status !== 200) throw new Error(`HTTP ${res.status}${res.status === 401 || res.status === 403 || res.status === 404 ? '; check the remote URL and its credentials' : ''}`);
  return body;
}

/** `POST /<service>` with a request body; the whole response body. */
export async function post(remote: HttpRemote, service: 'git-upload-pack' | 'git-receive-pack', body: Buffer, extra: Record<string, string> = {}): Promise<Buffer> {
  const headers = { ...remote.headers, 'content-type': `application/x-${service}-request`, accept: `application/x-${service}-result`, ...extra };
  const res = await fetch(`${remote.base}/${service}`, { method: 'POST', headers, body: new Blob([new Uint8Array(body)]) });
  const out = Buffer.from(await res.arrayBuffer());
  if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
  return out;
}
