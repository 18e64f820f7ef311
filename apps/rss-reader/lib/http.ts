/**
 * @module Fetching one feed over HTTP, safely: public addresses only (checked after DNS, at every
 * redirect hop, and the checked address is the one connected to), redirects followed by hand (at most
 * 5), one time bound for the whole fetch (all hops and the body), a byte cap, conditional GET.
 */
import { existsSync } from 'node:fs';
import { decodeFeedBody } from './decode.ts';
import { GfaError } from './errors.ts';
import { getOnce, type HopResponse } from './net/request.ts';

/** Limits for one fetch. */
export interface FetchLimits {
  /** The whole fetch: every redirect hop and the body. @default 10000 */
  timeoutMs?: number;
  /** Bodies larger than this (on the wire or decompressed) are refused. @default 2 MiB */
  maxBytes?: number;
  /** Let loopback addresses through (the local demo only). @default {@link loopbackAllowed}() */
  allowLoopback?: boolean;
  /** Aborts the fetch when the job's own deadline passes. */
  signal?: AbortSignal;
}

/** Validators from the previous fetch. */
export interface Validators {
  etag?: string;
  lastModified?: string;
}

/** The outcome of one fetch: 304 (nothing new) or a body with its new validators. `bytes` came over the wire. */
export type FetchOutcome =
  | { status: 'not-modified'; bytes: number }
  | { status: 'ok'; body: string; url: string; contentType?: string; etag?: string; lastModified?: string; bytes: number };

/** Redirect hops followed at most. */
export const MAX_REDIRECTS = 5;

/** The environment variable that lets feed fetches reach loopback addresses (local demo only). */
export const ALLOW_LOOPBACK_ENV = 'RSS_ALLOW_LOOPBACK';
/** The same setting as a file in the app folder: `gfa dev` gives jobs no environment of their own, and `.gfa/local/` is gitignored. */
export const ALLOW_LOOPBACK_FILE = '.gfa/local/rss-allow-loopback';

/** True when this machine opted in to loopback feeds: `RSS_ALLOW_LOOPBACK=1`, or the file `.gfa/local/rss-allow-loopback` in the working folder. */
export function loopbackAllowed(env: Record<string, string | undefined> = process.env): boolean {
  return env[ALLOW_LOOPBACK_ENV] === '1' || existsSync(ALLOW_LOOPBACK_FILE);
}

const ACCEPT = 'application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, application/xml;q=0.9, text/xml;q=0.8, text/html;q=0.5, */*;q=0.3';

/** Fetches `url`. Throws `GfaError('E_HTTP' | 'E_TIMEOUT' | 'E_INPUT')` with a one-line reason in words. */
export async function fetchFeedBody(url: string, previous: Validators = {}, limits: FetchLimits = {}): Promise<FetchOutcome> {
  const timeoutMs = limits.timeoutMs ?? 10_000;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = limits.signal ? AbortSignal.any([timeout, limits.signal]) : timeout;
  const headers: Record<string, string> = { accept: ACCEPT, 'user-agent': 'gfa-rss-reader/0.2 (+https://github.com/)' };
  if (previous.etag) headers['if-none-match'] = previous.etag;
  if (previous.lastModified) headers['if-modified-since'] = previous.lastModified;
  const options = { headers, signal, maxBytes: limits.maxBytes ?? 2 * 1024 * 1024, allowLoopback: limits.allowLoopback ?? loopbackAllowed() };
  let at = new URL(url);
  let res: HopResponse;
  for (let hop = 0; ; hop++) {
    try {
      res = await getOnce(at, options);
    } catch (err) {
      if (limits.signal?.aborted) throw new GfaError('E_TIMEOUT', 'skipped: the job ran out of time');
      if (timeout.aborted) throw new GfaError('E_TIMEOUT', `no complete answer within ${timeoutMs / 1000} s`);
      if (err instanceof GfaError) throw err;
      const code = (err as { code?: string }).code ?? (err as Error).message;
      throw new GfaError('E_HTTP', `could not connect to ${at.host} (${code})`, { cause: err });
    }
    const location = res.headers.location;
    if (res.status < 300 || res.status > 399 || res.status === 304 || !location) break;
    if (hop >= MAX_REDIRECTS) throw new GfaError('E_HTTP', `more than ${MAX_REDIRECTS} redirects; use the feed's final address`);
    at = new URL(location, at);
  }
  if (res.status === 304) return { status: 'not-modified', bytes: res.wireBytes };
  if (res.status < 200 || res.status > 299 || !res.body) throw new GfaError('E_HTTP', `HTTP ${res.status} ${res.statusText}`.trim());
  const one = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v) || undefined;
  const etag = one(res.headers.etag);
  const lastModified = one(res.headers['last-modified']);
  const contentType = one(res.headers['content-type']);
  return {
    status: 'ok',
    body: decodeFeedBody(res.body, contentType),
    url: at.href,
    bytes: res.wireBytes,
    ...(contentType ? { contentType } : {}),
    ...(etag ? { etag } : {}),
    ...(lastModified ? { lastModified } : {}),
  };
}
