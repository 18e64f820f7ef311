import { describe, expect, it } from 'vitest';
import { feedIdOf } from '../../../apps/rss-reader/lib/hash.ts';
import { mergeItems, pruneRead } from '../../../apps/rss-reader/lib/merge.ts';
import { addFeedInput, markReadInput, removeFeedInput } from '../../../apps/rss-reader/lib/schemas.ts';
import type { FeedItem } from '../../../apps/rss-reader/lib/types.ts';

describe('rss-reader lib', () => {
  it('feed ids are short, stable and normalize the URL', () => {
    expect(feedIdOf('https://a.example/feed')).toMatch(/^[0-9a-f]{10}$/);
    expect(feedIdOf('https://A.example/feed')).toBe(feedIdOf('https://a.example/feed'));
    expect(feedIdOf('https://a.example/feed2')).not.toBe(feedIdOf('https://a.example/feed'));
  });

  it('mergeItems dedupes, keeps first-seen times, sorts newest first and bounds the list', () => {
    const stored: FeedItem[] = [{ id: 'a', title: 'old A', published: '2026-01-01T00:00:00.000Z', seenAt: '2026-01-01T00:00:00.000Z' }];
    const fetched = [
      { id: 'c', title: 'C' },
      { id: 'a', title: 'A fixed', published: '2026-01-01T00:00:00.000Z' },
      { id: 'b', title: 'B', published: '2026-02-01T00:00:00.000Z' },
    ];
    const { items, added } = mergeItems(stored, fetched, '2026-03-01T00:00:00.000Z');
    expect(added).toBe(2);
    expect(items.map((i) => i.id)).toEqual(['c', 'b', 'a']);
    expect(items[2]).toMatchObject({ title: 'A fixed', seenAt: '2026-01-01T00:00:00.000Z' });
    const many = Array.from({ length: 250 }, (_, i) => ({ id: `i${i}`, title: String(i), published: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString() }));
    const bounded = mergeItems([], many, '2026-03-01T00:00:00.000Z', 200).items;
    expect(bounded).toHaveLength(200);
    expect(bounded[0]?.id).toBe('i249');
    expect(pruneRead(['i249', 'i0', 'zz'], bounded)).toEqual(['i249']);
  });

  it('input schemas accept good input and explain bad input', () => {
    expect(addFeedInput['~standard'].validate({ url: 'https://x.example/f' })).toEqual({ value: { url: 'https://x.example/f' } });
    for (const bad of [{ url: 'javascript:alert(1)' }, { url: 'not a url' }, { url: 5 }, null, []]) {
      expect(addFeedInput['~standard'].validate(bad).issues?.length).toBe(1);
    }
    expect(removeFeedInput['~standard'].validate({ feedId: '../x' }).issues?.[0]?.message).toMatch(/feed id/);
    expect(markReadInput['~standard'].validate({ feedId: 'abcdef1234', all: true })).toEqual({ value: { feedId: 'abcdef1234', all: true } });
    expect(markReadInput['~standard'].validate({ feedId: 'abcdef1234' }).issues?.[0]?.message).toMatch(/itemIds or all/);
    expect(markReadInput['~standard'].validate({ feedId: 'abcdef1234', itemIds: ['<x>'] }).issues?.length).toBe(1);
  });
});
