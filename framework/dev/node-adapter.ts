/** Bridges Node's `http` server to the fetch-style handler. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DevHandler } from './handler.ts';

/** Bodies larger than this are refused before the handler sees them. */
const MAX_BODY = 1024 * 1024;

function writeJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<Uint8Array<ArrayBuffer> | 'too-large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    // Past the cap, keep draining (so the client reads our 413 instead of a reset), up to a hard limit.
    if (size > 16 * MAX_BODY) return 'too-large';
    if (size <= MAX_BODY) chunks.push(chunk);
  }
  if (size > MAX_BODY) return 'too-large';
  return new Uint8Array(Buffer.concat(chunks)) as Uint8Array<ArrayBuffer>;
}

/** Answers one Node request with `handler`; unexpected errors become a 500 JSON reply. */
export async function serveWithHandler(req: IncomingMessage, res: ServerResponse, origin: string, handler: DevHandler): Promise<void> {
  try {
    const method = req.method ?? 'GET';
    let body: Uint8Array<ArrayBuffer> | undefined;
    if (method !== 'GET' && method !== 'HEAD') {
      const read = await readBody(req);
      if (read === 'too-large') {
        res.setHeader('connection', 'close');
        writeJson(res, 413, { error: `request body is larger than ${MAX_BODY} bytes`, code: 'E_USAGE' });
        return;
      }
      body = read;
    }
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) {
      if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
    }
    const request = new Request(new URL(`${origin}${req.url ?? '/'}`), { method, headers, body });
    const response = await handler(request);
    const out: Record<string, string> = {};
    response.headers.forEach((value, key) => (out[key] = value));
    const bytes = method === 'HEAD' ? undefined : new Uint8Array(await response.arrayBuffer());
    res.writeHead(response.status, out).end(bytes);
  } catch {
    if (!res.headersSent) writeJson(res, 500, { error: 'internal error in gfa dev; rerun with GFA_DEBUG=1', code: 'E_INTERNAL' });
    else res.end();
  }
}
