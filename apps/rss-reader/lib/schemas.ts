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

function objectSchema<T>(check: Check<T>): StandardSchema<T> {
  return {
    '~standard': {
      version: 1,
      vendor: 'rss-reader',
      validate(value) {
        if (value === null || typeof value !== 'object' || Array.isArray(value)) return { issues: [{ message: 'input must be a JSON object' }] };
        const r = check(value as Record<string, unknown>);
        return 'issue' in r ? { issues: [{ message: r.issue, path: [r.path] }] } : { value: r.value };
      },
    },
  };
}

const FEED_ID = /^[0-9a-f]{6,64}$/;
const ITEM_ID = /^[0-9a-f]{6,64}$/;

/** `add-feed`: `{ url }`, an absolute http(s) URL of at most 2048 characters. */
export const addFeedInput = objectSchema<{ url: string }>((v) => {
  const url = v.url;
  if (typeof url !== 'string' || url.length > 2048) return { issue: 'url must be a string of at most 2048 characters', path: 'url' };
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return { issue: 'url must be an absolute URL, like https://example.com/feed.xml', path: 'url' };
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return { issue: 'url must start with http:// or https://', path: 'url' };
  return { value: { url: parsed.href } };
});

/** `remove-feed`: `{ feedId }`. */
export const removeFeedInput = objectSchema<{ feedId: string }>((v) =>
  typeof v.feedId === 'string' && FEED_ID.test(v.feedId) ? { value: { feedId: v.feedId } } : { issue: 'feedId must be a feed id (hex)', path: 'feedId' },
);

/** `mark-read`: `{ feedId, itemIds?: string[], all?: boolean }`; one of `itemIds` or `all: true`. */
export const markReadInput = objectSchema<{ feedId: string; itemIds?: string[]; all?: boolean }>((v) => {
  if (typeof v.feedId !== 'string' || !FEED_ID.test(v.feedId)) return { issue: 'feedId must be a feed id (hex)', path: 'feedId' };
  if (v.all !== undefined && typeof v.all !== 'boolean') return { issue: 'all must be true or false', path: 'all' };
  const ids = v.itemIds;
  if (ids !== undefined && (!Array.isArray(ids) || ids.length > 1000 || !ids.every((id) => typeof id === 'string' && ITEM_ID.test(id)))) {
    return { issue: 'itemIds must be a list of at most 1000 item ids', path: 'itemIds' };
  }
  if (ids === undefined && v.all !== true) return { issue: 'give itemIds or all: true', path: 'itemIds' };
  return { value: { feedId: v.feedId, ...(ids ? { itemIds: ids as string[] } : {}), ...(v.all === true ? { all: true } : {}) } };
});
