/**
 * @module Input validators of the triggered jobs, as tiny hand-written Standard Schema objects
 * (https://standardschema.dev): no dependency in the job bundles or the page.
 */

/** The Standard Schema v1 shape gfa accepts for `trigger({ input })`. */
export interface StandardSchema<T> {
  readonly '~standard': {
    readonly version: 1;
    readonly vendor: string;
    validate(value: unknown): { value: T; issues?: undefined } | { issues: { message: string; path?: PropertyKey[] }[] };
    readonly types?: { input: unknown; output: T };
  };
}

type Check<T> = (v: Record<string, unknown>) => { value: T } | { issue: string; path: string };

function objectSchema<T>(check: Check<T>, optional = false): StandardSchema<T> {
  return {
    '~standard': {
      version: 1,
      vendor: 'rss-reader',
      validate(value) {
        if (optional && (value === undefined || value === null)) value = {};
        if (value === null || typeof value !== 'object' || Array.isArray(value)) return { issues: [{ message: 'input must be a JSON object' }] };
        const r = check(value as Record<string, unknown>);
        return 'issue' in r ? { issues: [{ message: r.issue, path: [r.path] }] } : { value: r.value };
      },
    },
  };
}

const FEED_ID = /^[0-9a-f]{6,64}$/;
const ITEM_ID = /^[0-9a-f]{6,64}$/;

/** A short one-line name (title, folder): at most `max` characters, no control characters; trimmed. */
function label(v: unknown, max: number): string | undefined | false {
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || v.length > max || /[\u0000-\u001f\u007f]/.test(v)) return false;
  return v.trim();
}

/** `add-feed`: `{ url, title?, folder? }`; `url` an absolute http(s) URL (a feed's, or a site's) of at most 2048 characters. */
export const addFeedInput = objectSchema<{ url: string; title?: string; folder?: string }>((v) => {
  const url = v.url;
  if (typeof url !== 'string' || url.length > 2048) return { issue: 'url must be a string of at most 2048 characters', path: 'url' };
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return { issue: 'url must be an absolute URL, like https://example.com/feed.xml', path: 'url' };
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return { issue: 'url must start with http:// or https://', path: 'url' };
  const title = label(v.title, 300);
  const folder = label(v.folder, 100);
  if (title === false) return { issue: 'title must be one line of at most 300 characters', path: 'title' };
  if (folder === false) return { issue: 'folder must be one line of at most 100 characters', path: 'folder' };
  return { value: { url: parsed.href, ...(title ? { title } : {}), ...(folder ? { folder } : {}) } };
});

/** `update-feed`: `{ feedId, title?, folder? }`; empty strings reset. */
export const updateFeedInput = objectSchema<{ feedId: string; title?: string; folder?: string }>((v) => {
  if (typeof v.feedId !== 'string' || !FEED_ID.test(v.feedId)) return { issue: 'feedId must be a feed id (hex)', path: 'feedId' };
  const title = label(v.title, 300);
  const folder = label(v.folder, 100);
  if (title === false) return { issue: 'title must be one line of at most 300 characters', path: 'title' };
  if (folder === false) return { issue: 'folder must be one line of at most 100 characters', path: 'folder' };
  if (title === undefined && folder === undefined) return { issue: 'give title or folder', path: 'title' };
  return { value: { feedId: v.feedId, ...(title !== undefined ? { title } : {}), ...(folder !== undefined ? { folder } : {}) } };
});

/** `star`: `{ feedId, itemId, starred }`. */
export const starInput = objectSchema<{ feedId: string; itemId: string; starred: boolean }>((v) => {
  if (typeof v.feedId !== 'string' || !FEED_ID.test(v.feedId)) return { issue: 'feedId must be a feed id (hex)', path: 'feedId' };
  if (typeof v.itemId !== 'string' || !ITEM_ID.test(v.itemId)) return { issue: 'itemId must be an item id (hex)', path: 'itemId' };
  if (typeof v.starred !== 'boolean') return { issue: 'starred must be true or false', path: 'starred' };
  return { value: { feedId: v.feedId, itemId: v.itemId, starred: v.starred } };
});

/** `mark-all-read`: `{ feedIds?, seenBefore? }`, or no input at all (every feed). */
export const markAllReadInput = objectSchema<{ feedIds?: string[]; seenBefore?: string }>((v) => {
  const ids = v.feedIds;
  if (ids !== undefined && (!Array.isArray(ids) || ids.length > 5000 || !ids.every((id) => typeof id === 'string' && FEED_ID.test(id)))) {
    return { issue: 'feedIds must be a list of at most 5000 feed ids', path: 'feedIds' };
  }
  const before = v.seenBefore;
  if (before !== undefined && (typeof before !== 'string' || !Number.isFinite(Date.parse(before)))) return { issue: 'seenBefore must be an ISO 8601 time', path: 'seenBefore' };
  return { value: { ...(ids ? { feedIds: ids as string[] } : {}), ...(before ? { seenBefore: new Date(before as string).toISOString() } : {}) } };
}, true);

/** `import-opml`: `{ opml }`, the text of an OPML file (the trigger caps input at 64 KiB). */
export const importOpmlInput = objectSchema<{ opml: string }>((v) =>
  typeof v.opml === 'string' && v.opml.length > 0 ? { value: { opml: v.opml } } : { issue: 'opml must be the text of an OPML file', path: 'opml' },
);

/** `remove-feed`: `{ feedId }`. */
export const removeFeedInput = objectSchema<{ feedId: string }>((v) =>
  typeof v.feedId === 'string' && FEED_ID.test(v.feedId) ? { value: { feedId: v.feedId } } : { issue: 'feedId must be a feed id (hex)', path: 'feedId' },
);

/** `mark-read`: `{ feedId, itemIds?: string[], all?: boolean, unread?: boolean }`; one of `itemIds` or `all: true`. */
export const markReadInput = objectSchema<{ feedId: string; itemIds?: string[]; all?: boolean; unread?: boolean }>((v) => {
  if (v.unread !== undefined && typeof v.unread !== 'boolean') return { issue: 'unread must be true or false', path: 'unread' };
  if (typeof v.feedId !== 'string' || !FEED_ID.test(v.feedId)) return { issue: 'feedId must be a feed id (hex)', path: 'feedId' };
  if (v.all !== undefined && typeof v.all !== 'boolean') return { issue: 'all must be true or false', path: 'all' };
  const ids = v.itemIds;
  if (ids !== undefined && (!Array.isArray(ids) || ids.length > 1000 || !ids.every((id) => typeof id === 'string' && ITEM_ID.test(id)))) {
    return { issue: 'itemIds must be a list of at most 1000 item ids', path: 'itemIds' };
  }
  if (ids === undefined && v.all !== true) return { issue: 'give itemIds or all: true', path: 'itemIds' };
  return { value: { feedId: v.feedId, ...(ids ? { itemIds: ids as string[] } : {}), ...(v.all === true ? { all: true } : {}), ...(v.unread === true ? { unread: true } : {}) } };
});
