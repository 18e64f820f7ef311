/**
 * @module One guarded HTTP GET hop with node:http / node:https: the host is checked (IP literal here,
 * names in `guardedLookup`), redirects are returned, not followed, and the body is read with a byte cap
 * on both the wire and the decompressed size.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { Readable } from 'node:stream';
import { GfaError } from '../errors.ts';
import { refusal } from './address.ts';
import { guardedLookup } from './lookup.ts';

/** What one hop returned; `body` only for 2xx answers. */
export interface HopResponse {
  status: number;
  statusText: string;
  headers: IncomingMessage['headers'];
  body?: Buffer;
  /** Bytes received on the wire for the body (before decompression). */
  wireBytes: number;
}

/** Options of {@link getOnce}. */
export interface HopOptions {
  headers: Record<string, string>;
  signal: AbortSignal;
  maxBytes: number;
  allowLoopback: boolean;
}

/** GETs `url` once. Throws `GfaError('E_INPUT')` for a refused address, `E_HTTP` for a body over the cap. */
export function getOnce(url: URL, options: HopOptions): Promise<HopResponse> {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new GfaError('E_INPUT', `refusing ${url.protocol} URL; feeds are fetched over http or https`);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host)) {
    const why = refusal(host, options.allowLoopback);
    if (why) throw new GfaError('E_INPUT', `refusing ${url.host}: ${why}`);
  }
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(url, { method: 'GET', headers: { ...options.headers, 'accept-encoding': 'gzip, deflate, br' }, lookup: guardedLookup(options.allowLoopback), signal: options.signal, agent: false }, (res) => {
      const base = { status: res.statusCode ?? 0, statusText: res.statusMessage ?? '', headers: res.headers };
      if (base.status < 200 || base.status > 299) {
        res.resume();
        resolve({ ...base, wireBytes: 0 });
        return;
      }
      readBody(res, options.maxBytes).then((r) => resolve({ ...base, ...r }), reject);
    });
    req.on('error', reject);
    req.end();
  });
}

function readBody(res: IncomingMessage, maxBytes: number): Promise<{ body: Buffer; wireBytes: number }> {
  const tooLarge = (): GfaError => new GfaError('E_HTTP', `feed is larger than ${Math.round(maxBytes / 1024)} KiB; refusing it`);
  if (Number(res.headers['content-length'] ?? 0) > maxBytes) {
    res.destroy();
    return Promise.reject(tooLarge());
  }
  const encoding = String(res.headers['content-encoding'] ?? '').trim().toLowerCase();
  const decoder = encoding === 'gzip' || encoding === 'x-gzip' ? createGunzip() : encoding === 'deflate' ? createInflate() : encoding === 'br' ? createBrotliDecompress() : undefined;
  let wireBytes = 0;
  res.on('data', (chunk: Buffer) => {
    wireBytes += chunk.length;
  });
  const stream: Readable = decoder ? res.pipe(decoder) : res;
  if (decoder) res.on('error', (err) => decoder.destroy(err));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      // The decompressed size counts: a small gzip body can inflate to gigabytes.
      if (size > maxBytes || wireBytes > maxBytes) {
        res.destroy();
        stream.destroy();
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    });
    stream.on('error', reject);
    stream.on('end', () => resolve({ body: Buffer.concat(chunks), wireBytes }));
  });
}
