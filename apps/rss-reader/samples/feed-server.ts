/**
 * @module A tiny feed server for the offline demo and the tests: serves the sample feeds in this
 * folder on 127.0.0.1 with ETag / Last-Modified and 304 answers, plus two broken feeds
 * (`/broken/500`, `/broken/garbage`) that show how the reader records a failing feed.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The sample files and their content types. */
const TYPES: Record<string, string> = {
  '.rss.xml': 'application/rss+xml; charset=utf-8',
  '.atom.xml': 'application/atom+xml; charset=utf-8',
  '.feed.json': 'application/feed+json; charset=utf-8',
};

/** A running feed server. */
export interface FeedServer {
  /** `http://127.0.0.1:PORT` */
  origin: string;
  /** URLs of the sample feeds, sorted by file name. */
  feeds: string[];
  /** Requests served, by path (for tests of conditional GET). */
  hits: { path: string; status: number }[];
  close(): Promise<void>;
}

/** Options of {@link startFeedServer}. */
export interface FeedServerOptions {
  /** Port to try first (0 = random). Falls back to a random port when taken. @default 0 */
  port?: number;
  /** Folder with the sample files. @default this folder */
  dir?: string;
}

const here = dirname(fileURLToPath(import.meta.url));

/** Starts the server on 127.0.0.1. Always `close()` it. */
export async function startFeedServer(options: FeedServerOptions = {}): Promise<FeedServer> {
  const dir = options.dir ?? here;
  const files = readdirSync(dir).filter((f) => Object.keys(TYPES).some((ext) => f.endsWith(ext))).sort();
  const hits: FeedServer['hits'] = [];
  const server = createServer((req, res) => {
    const status = handle(dir, files, req, res);
    hits.push({ path: req.url ?? '', status });
  });
  const port = await listen(server, options.port ?? 0).catch(() => listen(server, 0));
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    feeds: files.map((f) => `${origin}/samples/${f}`),
    hits,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function listen(server: ReturnType<typeof createServer>, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error): void => reject(err);
    server.once('error', onError);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function handle(dir: string, files: string[], req: IncomingMessage, res: ServerResponse): number {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain', 'method not allowed');
  if (path === '/broken/500') return send(res, 500, 'text/plain', 'internal error (on purpose)');
  if (path === '/broken/garbage') return send(res, 200, 'application/rss+xml', '<rss><channel><title>Half a feed</title><item>');
  if (path === '/') return send(res, 200, 'text/plain', files.map((f) => `/samples/${f}`).join('\n') + '\n');
  const name = path.startsWith('/samples/') ? path.slice('/samples/'.length) : '';
  if (!files.includes(name)) return send(res, 404, 'text/plain', 'not found');
  const file = join(dir, name);
  const body = readFileSync(file);
  const etag = `"${createHash('sha256').update(body).digest('hex').slice(0, 16)}"`;
  const lastModified = statSync(file).mtime.toUTCString();
  const type = Object.entries(TYPES).find(([ext]) => name.endsWith(ext))?.[1] ?? 'application/octet-stream';
  res.setHeader('etag', etag);
  res.setHeader('last-modified', lastModified);
  res.setHeader('cache-control', 'no-cache');
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304).end();
    return 304;
  }
  return send(res, 200, type, body);
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer): number {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
  res.end(body);
  return status;
}
