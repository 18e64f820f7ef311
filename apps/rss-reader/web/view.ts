/** @module Rendering the feed list and the item list. Every piece of feed text goes through `el`/`link` (text only). */
import type { FeedView, ItemView } from './data.ts';
import { ago, button, el, link } from './dom.ts';
import { renderEnclosures } from './media.ts';

/** What the views call back into. */
export interface ViewActions {
  select(view: string): void;
  toggleRead(feedId: string, itemId: string): void;
  toggleStar(feedId: string, itemId: string): void;
}

/** One entry of the feed list: a button named "Title, N unread". */
function entry(id: string, title: string, unread: number, selected: string, actions: ViewActions, error?: string): HTMLElement {
  const b = button('', () => actions.select(id), id === selected ? 'feed selected' : 'feed');
  b.dataset.feedId = id;
  b.setAttribute('aria-label', `${title}, ${unread} unread`);
  if (id === selected) b.setAttribute('aria-current', 'true');
  // Spaces between the parts: the visible text must read as part of the name ("Title 3" in "Title, 3 unread").
  b.append(el('span', 'feed-title', title), ' ');
  if (error) {
    const mark = el('span', 'feed-error', '!');
    mark.title = `Last error: ${error}`;
    b.append(mark, ' ');
  }
  b.append(el('span', unread > 0 ? 'count' : 'count zero', String(unread)));
  return el('li', undefined, b);
}

/** "All items", "Starred", then the feeds grouped under their folders. */
export function renderFeeds(views: HTMLElement, list: HTMLElement, feeds: FeedView[], selected: string, actions: ViewActions): void {
  const total = feeds.reduce((n, f) => n + f.unread, 0);
  const starred = feeds.reduce((n, f) => n + (f.loaded ? f.starred.size : (f.starredCount ?? 0)), 0);
  const star = button(`Starred (${starred})`, () => actions.select('starred'), selected === 'starred' ? 'feed selected' : 'feed');
  if (selected === 'starred') star.setAttribute('aria-current', 'true');
  views.replaceChildren(entry('all', 'All items', total, selected, actions), el('li', undefined, star));
  const groups = new Map<string, FeedView[]>();
  for (const f of feeds) groups.set(f.meta.folder ?? '', [...(groups.get(f.meta.folder ?? '') ?? []), f]);
  list.replaceChildren(
    ...[...groups].map(([folder, members]) => {
      const ul = el('ul', 'feed-list', ...members.map((f) => entry(f.meta.id, f.title, f.unread, selected, actions, f.meta.error)));
      if (!folder) return ul;
      ul.setAttribute('aria-label', folder);
      return el('section', 'folder', el('h3', 'folder-name', folder), ul);
    }),
  );
}

/**
 * An item's link that marks the item read when opened (click, middle click, keyboard), as the `o` key
 * does. Deferred: the re-render it causes must not replace the link before the browser follows it.
 */
function opener(a: HTMLElement, read: boolean, markRead: () => void): HTMLElement {
  if (read || a.tagName !== 'A') return a;
  let done = false;
  const once = (): void => {
    if (done) return;
    done = true;
    setTimeout(markRead, 0);
  };
  a.addEventListener('click', once);
  a.addEventListener('auxclick', (e) => {
    if ((e as MouseEvent).button === 1) once();
  });
  return a;
}

/** The item list; an empty state when there is nothing to show. `pending`: `feedId/itemId` of changes not yet confirmed. */
export function renderItems(list: HTMLElement, items: ItemView[], showFeed: boolean, cursor: number, actions: ViewActions, pending: ReadonlySet<string> = new Set()): void {
  if (items.length === 0) {
    list.replaceChildren(el('li', 'empty', 'Nothing to show here. Add a feed, change the filter, or press "Refresh".'));
    return;
  }
  list.replaceChildren(
    ...items.map(({ feed, item, read, starred }, i) => {
      const when = ago(item.published ?? item.seenAt);
      const saving = pending.has(`${feed.meta.id}/${item.id}`);
      const meta = el('p', 'item-meta', ...[showFeed ? feed.title : '', item.author ? `by ${item.author}` : '', when].filter((s) => s !== '').flatMap((s, j) => (j === 0 ? [s] : [' · ', s])), saving ? el('span', 'pending-mark', ' · saving…') : '');
      const toggle = button(read ? 'Mark unread' : 'Mark read', () => actions.toggleRead(feed.meta.id, item.id), 'mark-read quiet');
      const starButton = button(starred ? '★ Unstar' : '☆ Star', () => actions.toggleStar(feed.meta.id, item.id), starred ? 'star on quiet' : 'star quiet');
      starButton.setAttribute('aria-pressed', String(starred));
      const li = el(
        'li',
        `item ${read ? 'read' : 'unread'}${i === cursor ? ' cursor' : ''}${saving ? ' pending' : ''}`,
        el('h3', 'item-title', opener(link(item.link, item.title), read, () => actions.toggleRead(feed.meta.id, item.id))),
        el('div', 'item-line', meta, el('div', 'item-actions', toggle, starButton)),
        item.summary ? el('p', 'item-summary', item.summary) : undefined,
        renderEnclosures(item.enclosures, item.title),
      );
      li.dataset.itemId = item.id;
      if (saving) li.dataset.pending = 'true';
      li.dataset.feedId = feed.meta.id;
      return li;
    }),
  );
}
