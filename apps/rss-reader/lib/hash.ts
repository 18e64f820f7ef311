/**
 * @module Short stable ids for feeds and items. Feed ids appear in key names on the data branch, which
 * may be world-readable: with an encrypted store they are keyed (HMAC-SHA256 under a key derived from
 * the data key), so nobody can test guessed feed URLs against them. Item ids live only inside
 * encrypted values and stay plain hashes.
 */
import { createHash, createHmac } from 'node:crypto';

/** The first `length` hex characters of SHA-256(`text`). Stable across runs and machines. */
export function shortHash(text: string, length = 12): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length);
}

/** Derives the feed-id key from `GFA_SECRET_KEY` (its first entry, the one that encrypts); undefined for a plaintext store. */
export function feedIdKey(env: Record<string, string | undefined> = process.env): Buffer | undefined {
  const first = env.GFA_SECRET_KEY?.split(',')[0]?.trim();
  if (!first) return undefined;
  // A separate key per purpose: the data key itself never leaves the envelope code.
  return createHmac('sha256', Buffer.from(first, 'base64')).update('gfa/rss-reader/feed-id/v1').digest();
}

/**
 * A feed's id from its URL (as normalized by `new URL`): 16 hex characters of HMAC-SHA256 under `key`,
 * or, for a store without encryption (no key), the first 10 hex characters of SHA-256.
 */
export function feedIdOf(url: string, key: Buffer | undefined = feedIdKey()): string {
  const href = new URL(url).href;
  return key ? createHmac('sha256', key).update(href).digest('hex').slice(0, 16) : shortHash(href, 10);
}
