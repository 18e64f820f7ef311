/**
 * The GitLab double's pagination headers (doc/api/rest/_index.md, "Pagination"): offset pages with
 * `x-page`, `x-per-page`, `x-next-page`, `x-prev-page`, `x-total`, `x-total-pages` and a `Link` header
 * (prev, next, first, last), the totals and `rel="last"` left out above 10,000 records; keyset pages
 * with only `rel="next"`.
 */
import { describe, expect, it } from 'vitest';
import { keysetPage, paginate } from '../../../framework/dev/gitlab/reply.ts';

const get = (q: string) => new Request(`http://127.0.0.1:1/api/v4/projects/42/jobs${q}`);

describe('pagination headers', () => {
  it('gives the documented offset headers and links, in the documented order', async () => {
    const res = paginate(get('?per_page=3&page=2'), Array.from({ length: 8 }, (_, i) => i));
    expect(await res.json()).toEqual([3, 4, 5]);
    expect(Object.fromEntries(['x-page', 'x-per-page', 'x-next-page', 'x-prev-page', 'x-total', 'x-total-pages'].map((h) => [h, res.headers.get(h)])))
      .toEqual({ 'x-page': '2', 'x-per-page': '3', 'x-next-page': '3', 'x-prev-page': '1', 'x-total': '8', 'x-total-pages': '3' });
    expect([...res.headers.get('link')!.matchAll(/rel="(\w+)"/g)].map((m) => m[1])).toEqual(['prev', 'next', 'first', 'last']);
    const capped = paginate(get('?per_page=500'), Array.from({ length: 150 }, (_, i) => i));
    expect(capped.headers.get('x-per-page')).toBe('100');
  });

  it('leaves out x-total, x-total-pages and rel="last" above 10,000 records', () => {
    const res = paginate(get(''), Array.from({ length: 10_001 }, (_, i) => i));
    expect(res.headers.get('x-total')).toBeNull();
    expect(res.headers.get('x-total-pages')).toBeNull();
    expect(res.headers.get('link')).not.toContain('rel="last"');
    expect(res.headers.get('x-next-page')).toBe('2');
    expect(paginate(get(''), Array.from({ length: 10_000 }, (_, i) => i)).headers.get('x-total')).toBe('10000');
  });

  it('keyset pages link only to the next page, by cursor, until the end', async () => {
    const items = [5, 4, 3, 2, 1].map((id) => ({ id: String(id) }));
    const first = keysetPage(get('?pagination=keyset&order_by=id&sort=desc&per_page=2'), items, (x) => x.id, 'cursor', true);
    expect(await first.json()).toEqual([{ id: '5' }, { id: '4' }]);
    const next = /<([^>]+)>; rel="next"/.exec(first.headers.get('link')!)![1]!;
    expect(new URL(next).searchParams.get('cursor')).toBe('4');
    const second = keysetPage(new Request(next), items, (x) => x.id, 'cursor', true);
    expect(await second.json()).toEqual([{ id: '3' }, { id: '2' }]);
    const last = keysetPage(new Request(/<([^>]+)>/.exec(second.headers.get('link')!)![1]!), items, (x) => x.id, 'cursor', true);
    expect(await last.json()).toEqual([{ id: '1' }]);
    expect(last.headers.get('link')).toBeNull();
    expect(last.headers.get('x-total')).toBeNull();
  });
});
