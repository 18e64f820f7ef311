/**
 * Serves bare repositories over git's smart-HTTP protocol by running the real `git http-backend`
 * as a CGI program. Used by `gfa dev` (the app's data remote) and by the tests' git servers.
 */
import { spawn } from 'node:child_process';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Options for {@link handleGitHttp}. */
export interface GitHttpOptions {
  /** Directory holding the bare repositories (GIT_PROJECT_ROOT). */
  projectRoot: string;
  /** URL path prefix to strip, e.g. `/git`. @default "" */
  prefix?: string;
  /** Name recorded as the pushing user (git refuses pushes without REMOTE_USER). @default "gfa" */
  remoteUser?: string;
}

/**
 * Answers one smart-HTTP request (`info/refs`, `git-upload-pack`, `git-receive-pack`) by piping it
 * through `git http-backend`. Resolves when the response has been sent.
 */
export function handleGitHttp(req: IncomingMessage, res: ServerResponse, options: GitHttpOptions): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const prefix = options.prefix ?? '';
  let pathInfo: string;
  try {
    pathInfo = decodeURIComponent(url.pathname.slice(prefix.length));
  } catch {
    // A malformed escape (`%E0%A4%A`) must answer 400, never throw inside the request listener.
    res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'the path is not valid percent-encoding', code: 'E_USAGE' }));
    return Promise.resolve();
  }
  if (!url.pathname.startsWith(prefix) || pathInfo.includes('..') || pathInfo.includes('\0')) {
    res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'not a repository path' }));
    return Promise.resolve();
  }
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    GIT_PROJECT_ROOT: options.projectRoot,
    GIT_HTTP_EXPORT_ALL: '1',
    REMOTE_USER: options.remoteUser ?? 'gfa',
    REQUEST_METHOD: req.method ?? 'GET',
    PATH_INFO: pathInfo,
    QUERY_STRING: url.search.slice(1),
    CONTENT_TYPE: req.headers['content-type'] ?? '',
    REMOTE_ADDR: req.socket.remoteAddress ?? '127.0.0.1',
    GIT_PROTOCOL: headerValue(req.headers['git-protocol']),
    HTTP_CONTENT_ENCODING: headerValue(req.headers['content-encoding']),
  };
  if (req.headers['content-length']) env.CONTENT_LENGTH = headerValue(req.headers['content-length']);

  return new Promise((resolve) => {
    const child = spawn('git', ['http-backend'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    req.pipe(child.stdin);
    child.stdin.on('error', () => {});
    let head = Buffer.alloc(0);
    let headersDone = false;
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      if (headersDone) {
        res.write(chunk);
        return;
      }
      head = Buffer.concat([head, chunk]);
      const end = findHeaderEnd(head);
      if (end === -1) return;
      headersDone = true;
      writeCgiHead(res, head.subarray(0, end.index).toString('latin1'));
      const body = head.subarray(end.index + end.length);
      if (body.length > 0) res.write(body);
    });
    child.on('close', (code) => {
      if (!headersDone) {
        res.writeHead(500, { 'content-type': 'text/plain' }).end(`git http-backend failed (${code}): ${stderr.split('\n')[0]}`);
      } else {
        res.end();
      }
      resolve();
    });
    child.on('error', () => {
      if (!res.headersSent) res.writeHead(500).end('cannot start git http-backend');
      resolve();
    });
  });
}

function headerValue(v: string | string[] | undefined): string {
  return Array.isArray(v) ? v.join(', ') : (v ?? '');
}

function findHeaderEnd(buf: Buffer): { index: number; length: number } | -1 {
  const crlf = buf.indexOf('\r\n\r\n');
  const lf = buf.indexOf('\n\n');
  if (crlf !== -1 && (lf === -1 || crlf < lf)) return { index: crlf, length: 4 };
  if (lf !== -1) return { index: lf, length: 2 };
  return -1;
}

function writeCgiHead(res: ServerResponse, head: string): void {
  let status = 200;
  const headers: Record<string, string> = {};
  for (const line of head.split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i === -1) continue;
    const name = line.slice(0, i).trim();
    const value = line.slice(i + 1).trim();
    if (name.toLowerCase() === 'status') status = Number.parseInt(value, 10) || 200;
    else headers[name] = value;
  }
  res.writeHead(status, headers);
}
