/**
 * What `gfa dev` checks before any route runs, so that a web page the owner happens to visit cannot
 * use the server on 127.0.0.1: by DNS rebinding (its own name resolving to 127.0.0.1 sends its own
 * `Host`), by a cross-site POST (a form or `fetch` with `mode: 'no-cors'` sends its own `Origin`), or
 * by an `<img>` aimed at the git remote (which needs a credential the page cannot know).
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Why a request was refused: the status and a one-line JSON error. */
export interface Refusal {
  status: number;
  error: string;
  code: string;
  headers?: Record<string, string>;
}

/** Options of {@link createGuard}. */
export interface GuardOptions {
  /** The port the server listens on (known once listening). */
  port(): number;
  /** Extra host names the server answers to (`--host`), with or without `:port`. */
  hosts?: readonly string[];
  /** The git remote's password (user `gfa`), random per start. */
  gitPassword: string;
}

/** The user name in the git remote's credential. */
export const GIT_USER = 'gfa';

/** The `host[:port]` values the server answers to, lowercased. */
export function allowedHosts(port: number, extra: readonly string[] = []): Set<string> {
  const hosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  for (const h of extra) {
    const name = h.trim().toLowerCase();
    if (name === '') continue;
    hosts.add(name);
    if (!/:\d+$/.test(name)) hosts.add(`${name}:${port}`);
  }
  return hosts;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(', ') : v;
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** An `Origin` is allowed when it is `http://` + one of the allowed hosts (`null` never is). */
function originAllowed(origin: string, hosts: Set<string>): boolean {
  const m = /^http:\/\/([^/]+)$/i.exec(origin.trim());
  return m !== null && hosts.has(m[1]!.toLowerCase());
}

/** True when the request carries `Authorization: Basic gfa:<password>`. */
function hasGitCredential(req: IncomingMessage, password: string): boolean {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header(req, 'authorization') ?? '');
  if (!m) return false;
  return sameSecret(Buffer.from(m[1]!, 'base64').toString('utf8'), `${GIT_USER}:${password}`);
}

/**
 * The `Host` rule alone, against DNS rebinding (a page whose own name resolves to 127.0.0.1 sends its
 * own `Host`): 421 Misdirected Request (RFC 9110 §15.5.20) for any name but this server's. The forge
 * doubles use it on their API, git and Pages servers; they keep `Access-Control-Allow-Origin: *`
 * as the forges do, and change state only for a token, which a page cannot take from the browser.
 */
export function hostRefusal(req: IncomingMessage, port: number, extra?: readonly string[]): Refusal | undefined {
  const hosts = allowedHosts(port, extra);
  const host = (header(req, 'host') ?? '').toLowerCase();
  if (hosts.has(host)) return undefined;
  return { status: 421, error: `this gfa dev answers only for ${[...hosts].join(', ')} (use --host to add a name)`, code: 'E_HOST' };
}

/** `listener` behind {@link hostRefusal}, for a server whose port is known once it listens. */
export function withHostGuard(listener: (req: IncomingMessage, res: ServerResponse) => void, port: () => number, extra?: readonly string[]): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const refused = hostRefusal(req, port(), extra);
    if (!refused) return listener(req, res);
    res.writeHead(refused.status, { 'content-type': 'application/json' }).end(`${JSON.stringify({ message: refused.error })}\n`);
  };
}

/** Makes the check that runs first on every request; `undefined` means go on. */
export function createGuard(options: GuardOptions): (req: IncomingMessage) => Refusal | undefined {
  return (req) => {
    const misdirected = hostRefusal(req, options.port(), options.hosts);
    if (misdirected) return misdirected;
    const hosts = allowedHosts(options.port(), options.hosts);
    const method = req.method ?? 'GET';
    if (method !== 'GET' && method !== 'HEAD') {
      const origin = header(req, 'origin');
      // No Origin: a program such as curl or git. A browser always sends one on a POST.
      if (origin !== undefined && !originAllowed(origin, hosts)) {
        return { status: 403, error: 'cross-origin request refused: only pages served by this gfa dev may change its state', code: 'E_ORIGIN' };
      }
    }
    if ((req.url ?? '').startsWith('/git/') && !hasGitCredential(req, options.gitPassword)) {
      return {
        status: 401,
        error: 'the git remote needs its credential: jobs get it in GFA_REMOTE; use the bare repo .gfa/local/remote.git directly',
        code: 'E_AUTH',
        headers: { 'www-authenticate': 'Basic realm="gfa dev"' },
      };
    }
    return undefined;
  };
}
