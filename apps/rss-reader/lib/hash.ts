/** @module Short stable ids for feeds and items. */
import { createHash } from 'node:crypto';

/** The first `length` hex characters of SHA-256(`text`). Stable across runs and machines. */
export function shortHash(text: string, length = 12): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length);
}

/** A feed's id: a short hash of its URL (as normalized by `new URL`). */
export function feedIdOf(url: string): string {
  return shortHash(new URL(url).href, 10);
}
