/** @module Rendering the feed list and the item list. Every piece of feed text goes through `el`/`link` (text only). */
import type { FeedView, ItemView } from './data.ts';
import { ago, button, el, link } from './dom.ts';

/** What the views call back into. */
export interface ViewActions {
  select(feedId: string | 'all'): void;
  markRead(feedId: string, itemId: string): void;
}

/** The feed list: "All items" plus one entry per feed with its unread count and error marker. */
export function renderFeeds(list: HTMLElement, feeds: FeedView[], selected: string, actions: ViewActions): void {
  const total = feeds.reduce((n, f) => n + f.unread, 0);
  const entry = (id: string, title: string, unread: number, error?: string): HTMLElement => {
    const b = button('', () => actions.select(id), id === selected ? 'feed selected' : 'feed');
    b.dataset.feedId = id;
    b.append(el('span', 'feed-title', title));
    if (error) {
      const mark = el('span', 'feed-error', '!');
      mark.title = `Last fetch failed: ${error}`;
      b.append(mark);
    }
    b.append(el('span', unread > 0 ? 'count' : 'count zero', String(unread)));
    return el('li', undefined, b);
  };
  list.replaceChildren(entry('all', 'All items', total), ...feeds.map((f) => entry(f.meta.id, f.meta.title, f.unread, f.meta.error)));
}

/** The item list; an empty state when there is nothing to show. */
export function renderItems(list: HTMLElement, items: ItemView[], showFeed: boolean, actions: ViewActions): void {
  if (items.length === 0) {
    list.replaceChildren(el('li', 'empty', 'No items yet. Add a feed, or press "Refresh now".'));
    return;
  }
  list.replaceChildren(
    ...items.map(({ feed, item, read }) => {
      const when = ago(item.published ?? item.seenAt);
      const meta = el('p', 'item-meta', showFeed ? feed.meta.title : '', showFeed && when ? ' · ' : '', when);
      const li = el(
        'li',
        read ? 'item read' : 'item unread',
        el('h3', 'item-title', link(item.link, item.title)),
        meta,
        item.summary ? el('p', 'item-summary', item.summary) : undefined,
      );
      li.dataset.itemId = item.id;
      if (!read) li.append(button('Mark read', () => actions.markRead(feed.meta.id, item.id), 'mark-read quiet'));
      return li;
    }),
  );
}
