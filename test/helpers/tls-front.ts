/**
 * An https front for a double on 127.0.0.1, for clients that insist on https (`gh` addresses a
 * GitHub Enterprise Server host only over https). A throw-away self-signed certificate for
 * `IP:127.0.0.1` is made with `openssl req -x509` (shared/TOOLS.md), every request is passed to the
 * double's http origin, and the double's origin is rewritten to the front's in `Location`/`Link`
 * headers and in text and JSON bodies, so URLs the double hands out lead back through the front.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A running front. */
export interface TlsFront {
  /** `https://127.0.0.1:PORT` */
  url: string;
  /** `127.0.0.1:PORT`, as `GH_HOST` wants it. */
  host: string;
  /** The certificate (PEM) to trust: `SSL_CERT_FILE`. */
  certFile: string;
  close(): Promise<void>;
}

/** True when `openssl` can make the certificate. */
export function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Starts an https front for `target` (`http://127.0.0.1:PORT`). Always `close()` it. */
export async function startTlsFront(target: string): Promise<TlsFront> {
  const dir = mkdtempSync(join(tmpdir(), 'gfa-tls-'));
  const key = join(dir, 'key.pem');
  const certFile = join(dir, 'cert.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', certFile], { stdio: 'ignore' });
  const back = new URL(target);
  let front = '';
  const rewrite = (s: string): string => s.split(back.origin).join(front);
  const server = createServer({ key: readFileSync(key), cert: readFileSync(certFile) }, (req, res) => {
    const headers = { ...req.headers, host: back.host };
    const up = httpRequest({ host: back.hostname, port: back.port, method: req.method, path: req.url, headers }, (answer) => {
      const out: Record<string, string | string[]> = {};
      for (const [k, v] of Object.entries(answer.headers)) if (v !== undefined) out[k] = k === 'location' || k === 'link' ? rewrite(String(v)) : v;
      const type = String(answer.headers['content-type'] ?? '');
      if (!/json|text|html/.test(type)) {
        res.writeHead(answer.statusCode ?? 502, out);
        answer.pipe(res);
        return;
      }
      const chunks: Buffer[] = [];
      answer.on('data', (c: Buffer) => chunks.push(c));
      answer.on('end', () => {
        const body = Buffer.from(rewrite(Buffer.concat(chunks).toString('utf8')));
        delete out['transfer-encoding'];
        if (answer.headers['content-length'] !== undefined) out['content-length'] = String(body.length);
        res.writeHead(answer.statusCode ?? 502, out).end(body);
      });
    });
    up.on('error', () => res.writeHead(502).end());
    req.pipe(up);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const port = (server.address() as AddressInfo).port;
  front = `https://127.0.0.1:${port}`;
  return {
    url: front,
    host: `127.0.0.1:${port}`,
    certFile,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((ok) => server.close(() => ok()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
