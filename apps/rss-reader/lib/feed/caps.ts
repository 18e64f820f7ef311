/**
 * @module Caps on everything a feed puts into the store, so one feed cannot bloat `items.json`,
 * `meta.json` or the index (issue 19: a hostile feed's links grew them to 1.9 MiB). Past a cap, text is
 * clipped with an ellipsis and lists are cut; a URL longer than its cap is dropped (a cut URL is wrong).
 */

/** Longest item or feed title, in characters. */
export const TITLE_MAX = 300;
/** Longest summary kept per item, in characters. */
export const SUMMARY_MAX = 280;
/** Longest author name. */
export const AUTHOR_MAX = 120;
/** Longest URL kept (links, enclosures, the site); longer ones are dropped. */
export const URL_MAX = 2048;
/** Longest enclosure MIME type. */
export const MIME_MAX = 100;
/** Enclosures kept per item. */
export const ENCLOSURES_MAX = 3;
/** Items taken from one fetch (the store keeps at most 200 per feed anyway). */
export const ITEMS_MAX = 500;
