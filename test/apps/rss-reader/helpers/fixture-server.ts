/**
 * A feed server for the job tests, on 127.0.0.1: the sample feeds (RSS 2.0, Atom, JSON Feed, with ETag
 * and 304) plus fixtures (RSS 1.0, a site page with autodiscovery links, OPML, a malformed feed) and
 * hostile answers: a slow feed, a 404, redirects (one fine, one to a private address, one loop), the
 * `<`-bomb and a gzip bomb.
 */
import { readFileSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { startFeedServer } from '../../../../apps/rss-reader/samples/feed-server.ts';

const here = dirname(fileURLToPath(import.meta.url));

/** A running fixture server. */
export interface FixtureServer {
  origin: string;
  /** Paths requested, in order. */
  hits: string[];
  close(): Promise<void>;
}

/** The `<`-bomb: an RSS item whose description is 100 KB of `<`. */
export const BOMB_RSS = `<rss version="2.0"><channel><title>Bomb</title><item><title>boom</title><guid>b1</guid><description><![CDATA[${'<'.repeat(100 * 1024)}]]></description></item></channel></rss>`;

/** Starts the server; `/samples/*` is proxied to the sample feed server (with its ETags and 304s). */
export async function startFixtureServer(): Promise<FixtureServer> {
  const samples = await startFeedServer();
  const hits: string[] = [];
  const pending = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    const path = req.url ?? '/';
    hits.push(path);
    const send = (status: number, type: string, body: string | Buffer, headers: Record<string, string> = {}): void => {
      res.writeHead(status, { 'content-type': type, ...headers }).end(body);
    };
    const fixture = (name: string): string => readFileSync(join(here, '..', 'fixtures', name), 'utf8').replaceAll('ORIGIN', origin);
    if (path.startsWith('/samples/')) {
      void fetch(`${samples.origin}${path}`, { headers: req.headers as Record<string, string> }).then(async (r) => {
        res.writeHead(r.status, Object.fromEntries([...r.headers].filter(([k]) => k !== 'content-length' && k !== 'transfer-encoding'))).end(Buffer.from(await r.arrayBuffer()));
      });
      return;
    }
    if (path === '/fixtures/rdf.xml') return send(200, 'application/rdf+xml', fixture('rdf.xml'));
    if (path === '/fixtures/malformed.xml') return send(200, 'application/rss+xml', fixture('malformed.xml'));
    if (path === '/fixtures/subscriptions.opml') return send(200, 'text/x-opml', fixture('subscriptions.opml'));
    if (path === '/site/' || path === '/site') return send(200, 'text/html; charset=utf-8', fixture('site.html'));
    if (path === '/site-without-feed/') return send(200, 'text/html', '<!doctype html><title>No feed here</title><p>hi</p>');
    if (path === '/slow') {
      // Answers headers, then one byte now and then: never completes.
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      res.write('<');
      pending.add(res);
      const timer = setInterval(() => res.write('<'), 100);
      res.on('close', () => clearInterval(timer));
      return;
    }
    if (path === '/redirect') return send(301, 'text/plain', '', { location: '/samples/harbor-notes.rss.xml' });
    if (path === '/redirect-metadata') return send(302, 'text/plain', '', { location: 'http://169.254.169.254/latest/meta-data/' });
    if (path === '/redirect-private') return send(307, 'text/plain', '', { location: 'http://10.0.0.7/feed.xml' });
    if (path === '/redirect-loop') return send(302, 'text/plain', '', { location: '/redirect-loop' });
    if (path === '/bomb') return send(200, 'application/rss+xml', BOMB_RSS);
    if (path === '/gzip-bomb') return send(200, 'application/rss+xml', gzipSync(Buffer.alloc(8 * 1024 * 1024, 0x20)), { 'content-encoding': 'gzip' });
    return send(404, 'text/plain', 'not found');
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    hits,
    async close() {
      for (const res of pending) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((ok) => server.close(() => ok()));
      await samples.close();
    },
  };
}
