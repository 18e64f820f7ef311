/** @module Fetching one feed over HTTP: timeout, size cap, conditional GET (ETag / Last-Modified). */
import { GfaError } from './errors.ts';

/** Limits for one fetch. */
export interface FetchLimits {
  /** @default 10000 */
  timeoutMs?: number;
  /** Bodies larger than this are refused. @default 2 MiB */
  maxBytes?: number;
}

/** Validators from the previous fetch. */
export interface Validators {
  etag?: string;
  lastModified?: string;
}

/** The outcome of one fetch: 304 (nothing new) or a body with its new validators. */
export type FetchOutcome = { status: 'not-modified' } | { status: 'ok'; body: string; etag?: string; lastModified?: string };

/** Fetches `url` with global `fetch`. Throws `GfaError('E_HTTP' | 'E_TIMEOUT')` with a one-line reason. */
export async function fetchFeedBody(url: string, previous: Validators = {}, limits: FetchLimits = {}): Promise<FetchOutcome> {
  const timeoutMs = limits.timeoutMs ?? 10_000;
  const maxBytes = limits.maxBytes ?? 2 * 1024 * 1024;
  const headers: Record<string, string> = {
    accept: 'application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.5',
    'user-agent': 'gfa-rss-reader/0.1 (+https://github.com/)',
  };
  if (previous.etag) headers['if-none-match'] = previous.etag;
  if (previous.lastModified) headers['if-modified-since'] = previous.lastModified;
  const signal = AbortSignal.timeout(timeoutMs);
  let res: Response;
  try {
    res = await fetch(url, { headers, signal, redirect: 'follow' });
  } catch (err) {
    if (signal.aborted) throw new GfaError('E_TIMEOUT', `no answer within ${timeoutMs / 1000} s`);
    const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).message;
    throw new GfaError('E_HTTP', `could not connect (${cause})`, { cause: err });
  }
  if (res.status === 304) return { status: 'not-modified' };
  if (!res.ok) {
    await res.body?.cancel();
    throw new GfaError('E_HTTP', `HTTP ${res.status} ${res.statusText}`.trim());
  }
  const body = await readCapped(res, maxBytes, signal);
  const etag = res.headers.get('etag') ?? undefined;
  const lastModified = res.headers.get('last-modified') ?? undefined;
  return { status: 'ok', body, ...(etag ? { etag } : {}), ...(lastModified ? { lastModified } : {}) };
}

async function readCapped(res: Response, maxBytes: number, signal: AbortSignal): Promise<string> {
  const declared = Number(res.headers.get('content-length') ?? 0);
  const tooLarge = () => new GfaError('E_HTTP', `feed is larger than ${Math.round(maxBytes / 1024)} KiB; refusing it`);
  if (declared > maxBytes) {
    await res.body?.cancel();
    throw tooLarge();
  }
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel();
        throw tooLarge();
      }
      chunks.push(value);
    }
  } catch (err) {
    if (signal.aborted) throw new GfaError('E_TIMEOUT', 'the feed took too long to download');
    throw err;
  }
  return new TextDecoder('utf-8').decode(Buffer.concat(chunks));
}
