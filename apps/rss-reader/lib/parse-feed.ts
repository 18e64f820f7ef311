/** @module One entry point for every feed format: picks the parser from the content, not the URL. */
import { GfaError } from './errors.ts';
import { parseJsonFeed } from './parse-json-feed.ts';
import { parseXmlFeed } from './parse-xml.ts';
import type { ParsedFeed } from './types.ts';

/**
 * Parses an RSS 2.0, RSS 1.0, Atom or JSON Feed document fetched from `url`.
 * Throws `GfaError('E_INPUT')` with a one-line reason for anything else (HTML pages, broken XML, empty bodies).
 */
export function parseFeed(body: string, url: string): ParsedFeed {
  const text = body.replace(/^\uFEFF/, '').trimStart();
  if (text === '') throw new GfaError('E_INPUT', 'the feed is empty; check the URL');
  if (text.startsWith('{')) return parseJsonFeed(text, url);
  if (/^<!doctype html|^<html/i.test(text)) {
    throw new GfaError('E_INPUT', 'got an HTML page, not a feed; use the address of the RSS, Atom or JSON feed itself');
  }
  if (text.startsWith('<')) return parseXmlFeed(text, url);
  throw new GfaError('E_INPUT', 'not a feed (expected XML or JSON); check the URL');
}
