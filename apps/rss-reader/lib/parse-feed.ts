/** @module One entry point for every feed format: picks the parser from the content, not the URL. */
import { decodeFeedBody } from './decode.ts';
import { GfaError } from './errors.ts';
import { parseJsonFeed } from './parse-json-feed.ts';
import { parseXmlFeed } from './parse-xml.ts';
import { demoronize, dropControls } from './xml/entities.ts';
import type { ParsedFeed } from './types.ts';

/**
 * Parses an RSS 2.0, RSS 1.0, Atom or JSON Feed document fetched from `url`: text, or the body's bytes
 * with the response's `Content-Type` (which may name the charset; see lib/decode.ts).
 * Throws `GfaError('E_INPUT')` with a one-line reason naming what was found for anything else.
 */
export function parseFeed(body: string | Uint8Array, url: string, contentType?: string): ParsedFeed {
  const text = dropControls(demoronize(typeof body === 'string' ? body : decodeFeedBody(body, contentType))).replace(/^\uFEFF/, '').trimStart();
  if (text === '') throw new GfaError('E_INPUT', 'the feed is empty; check the URL');
  if (text.startsWith('{')) return parseJsonFeed(text, url);
  if (/^<!doctype html|^<html/i.test(text)) {
    throw new GfaError('E_INPUT', 'got an HTML page, not a feed; use the address of the RSS, Atom or JSON feed itself');
  }
  if (text.startsWith('<')) return parseXmlFeed(text, url);
  const start = JSON.stringify(text.slice(0, 40).replace(/\s+/g, ' '));
  throw new GfaError('E_INPUT', `not a feed (expected XML or JSON, found text starting ${start}); check the URL`);
}
