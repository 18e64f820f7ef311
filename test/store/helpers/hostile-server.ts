/**
 * A small HTTP server in front of the real-git test server (test/helpers/git-server.ts) that can
 * answer any request itself: crafted advertisements, packs, redirects, HTML pages, refusals. Each
 * hook sees the request and its body and returns a Response, or undefined to forward it upstream.
 * Binds 127.0.0.1 on a random port.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the hook sees it. */
export interface SeenRequest {
  method: string;
  /** Path and query. */
  url: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

export interface HostileServer {
  /** The origin, e.g. `http://127.0.0.1:PORT`. */
  origin: string;
  /** Every request received, in order. */
  seen: SeenRequest[];
  /** Replaces the hook. */
  hook: (req: SeenRequest) => Promise<Response | undefined> | Response | undefined;
  close(): Promise<void>;
}

/** Starts the server; requests the hook leaves alone go to `upstream` (an origin) with the same path. */
export async function startHostileServer(upstream?: string): Promise<HostileServer> {
  const self: HostileServer = {
    origin: '',
    seen: [],
    hook: () => undefined,
    close: async () => {},
  };
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const seen: SeenRequest = { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks) };
    self.seen.push(seen);
    let answer = await self.hook(seen);
    if (!answer && upstream) {
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && k !== 'host' && k !== 'content-length') headers.set(k, v);
      answer = await fetch(`${upstream}${seen.url}`, { method: seen.method, headers, ...(seen.method === 'POST' ? { body: new Uint8Array(seen.body) } : {}), redirect: 'manual' });
    }
    if (!answer) answer = new Response('no hook', { status: 500 });
    res.writeHead(answer.status, Object.fromEntries(answer.headers));
    res.end(Buffer.from(await answer.arrayBuffer()));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  self.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  self.close = () =>
    new Promise((r) => {
      server.closeAllConnections();
      server.close(() => r());
    });
  return self;
}
