/** @module The RSS reader page: unlock, read feeds from the data branch, and trigger jobs for every change. */
import { connectFromPage, isGfaError } from 'gfa/client';
import type { FetchFeedsOutput } from '../jobs/fetch-feeds.ts';
import { getIndex } from '../lib/feed-index.ts';
import { fromIndex, itemsOf, loadFeedItems, loadFeeds, recount, type FeedView, type ItemView } from './data.ts';
import { ago, button, byId, el, link } from './dom.ts';
import { downloadText, readFileText } from './files.ts';
import { bindShortcuts } from './keys.ts';
import { applyStyles } from './style.ts';
import { renderFeeds, renderItems, type ViewActions } from './view.ts';

applyStyles();
// A rate-limit wait is said on the status line (the adapters wait it out, a minute at most).
const client = connectFromPage(document, { onWait: (line) => setStatus(line, 'busy') });
const ui = {
  status: byId('status'),
  toolbar: byId('toolbar'),
  unlock: byId<HTMLFormElement>('unlock'),
  unlockError: byId('unlock-error'),
  app: byId('app'),
  views: byId('views'),
  feeds: byId('feeds'),
  items: byId('items'),
  title: byId('feed-title'),
  panel: byId('feed-panel'),
  feedInfo: byId('feed-info'),
  feedError: byId('feed-error'),
  markAll: byId<HTMLButtonElement>('mark-all'),
  unreadOnly: byId<HTMLInputElement>('unread-only'),
  search: byId<HTMLInputElement>('search'),
  folders: byId('folders'),
  shortcuts: byId<HTMLDialogElement>('shortcuts'),
  pending: byId('pending'),
};
let feeds: FeedView[] = [];
/** 'all', 'starred' or a feed id. */
let selected = 'all';
let shown: ItemView[] = [];
let cursor = -1;
let loadedAt = new Date().toISOString();
/** `feedId/itemId` → changes to it not yet confirmed by their job's result. */
const pendingItems = new Map<string, number>();

/** How long a success message stays: it must not read as the state of things later. Errors stay until the next message. */
const OK_MESSAGE_MS = 8000;
let statusTimer: ReturnType<typeof setTimeout> | undefined;

/** Shows one status line, optionally with a button (Undo). */
function setStatus(text: string, kind: 'busy' | 'ok' | 'error' | '' = '', action?: { label: string; run: () => void }): void {
  clearTimeout(statusTimer);
  ui.status.className = `status ${kind}`;
  const act = action ? button(action.label, () => (setStatus(''), action.run()), 'quiet status-action') : '';
  ui.status.replaceChildren(kind === 'busy' ? el('span', 'spinner') : '', text, act);
  if (kind === 'ok') statusTimer = setTimeout(() => setStatus(''), action ? OK_MESSAGE_MS * 2 : OK_MESSAGE_MS);
}

/** "N changes saving…" while the outbox holds requests (waiting for their window or their run). */
client.onPending((pending) => {
  ui.pending.hidden = pending.length === 0;
  ui.pending.textContent = pending.length === 0 ? '' : `${pending.length} change${pending.length === 1 ? '' : 's'} saving…`;
});

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));
const feedOf = (id: string): FeedView | undefined => feeds.find((f) => f.meta.id === id);

/** What a finished job reports: "done", unless `outcome` reads its output (a refresh where feeds failed is not done). */
type Outcome<T> = (out: T) => { text: string; kind: 'ok' | 'error' };

/**
 * Runs a job and waits for its result, showing the seconds it has taken. Nothing is locked meanwhile:
 * every control stays usable, and jobs started close together share a run (the client's outbox).
 */
async function runJob<T>(label: string, job: string, input?: unknown, outcome?: Outcome<T>): Promise<T | undefined> {
  const started = Date.now();
  const tick = (): void => setStatus(`${label}… ${Math.round((Date.now() - started) / 1000)} s`, 'busy');
  tick();
  const timer = setInterval(tick, 1000);
  try {
    const out = await (await client.trigger<T>(job, input)).result();
    clearInterval(timer);
    await reload();
    const said = outcome?.(out) ?? { text: `${label}: done`, kind: 'ok' };
    setStatus(said.text, said.kind);
    return out;
  } catch (err) {
    clearInterval(timer);
    setStatus(`${label} failed: ${message(err)}`, 'error', { label: 'Retry', run: () => void runJob(label, job, input, outcome) });
    return undefined;
  } finally {
    clearInterval(timer);
  }
}

/**
 * Applies a change at once and marks its item "saving…"; the job runs in the background (batched with
 * other quick changes). If it fails, the change is undone on its item, with the reason and a retry.
 */
function optimistic(apply: () => void, undo: () => void, job: string, input: unknown, what: string, keys: string[] = []): void {
  apply();
  for (const k of keys) pendingItems.set(k, (pendingItems.get(k) ?? 0) + 1);
  render();
  const settle = (): void => {
    for (const k of keys) {
      const n = (pendingItems.get(k) ?? 1) - 1;
      if (n > 0) pendingItems.set(k, n);
      else pendingItems.delete(k);
    }
  };
  void client
    .trigger(job, input)
    .then((j) => j.result())
    .then(() => {
      settle();
      render();
    })
    .catch((err: unknown) => {
      settle();
      undo();
      render();
      setStatus(`Could not ${what} (undone): ${message(err)}`, 'error', { label: 'Retry', run: () => optimistic(apply, undo, job, input, what, keys) });
    });
}

/**
 * Reads `index.json` (one read) and shows every feed with its counts at once; then reads the items of
 * the feeds whose stamp changed, a few at a time, the selected feed first, re-rendering as they come.
 * Without an index (no job has run since it was added), reads every feed's keys.
 */
async function reload(): Promise<void> {
  const index = await getIndex(client.kv);
  if (!index) {
    feeds = await loadFeeds(client.kv);
  } else {
    feeds = fromIndex(index, feeds);
  }
  loadedAt = new Date().toISOString();
  if (selected !== 'all' && selected !== 'starred' && !feedOf(selected)) selected = 'all';
  render();
  void loadPending().catch((err: unknown) => setStatus(`Could not load items: ${message(err)}`, 'error'));
}

async function loadPending(): Promise<void> {
  const pending = feeds.filter((f) => !f.loaded).sort((a, b) => Number(b.meta.id === selected) - Number(a.meta.id === selected));
  if (pending.length === 0) {
    document.body.dataset.loaded = 'true';
    return;
  }
  delete document.body.dataset.loaded;
  const listed = new Set(await client.kv.list('feeds/'));
  let dirty = false;
  const timer = setInterval(() => dirty && ((dirty = false), render()), 300);
  const worker = async (): Promise<void> => {
    for (let f = pending.shift(); f; f = pending.shift()) {
      await loadFeedItems(client.kv, f, listed);
      dirty = true;
    }
  };
  try {
    await Promise.all(Array.from({ length: 6 }, worker));
  } finally {
    clearInterval(timer);
    render();
  }
  if (feeds.every((f) => f.loaded)) document.body.dataset.loaded = 'true';
}

function render(): void {
  const feed = feedOf(selected);
  renderFeeds(ui.views, ui.feeds, feeds, selected, actions);
  shown = itemsOf(feeds, { view: feed ? { feedId: feed.meta.id } : (selected as 'all' | 'starred'), unreadOnly: ui.unreadOnly.checked, search: ui.search.value });
  cursor = Math.min(cursor, shown.length - 1);
  renderItems(ui.items, shown, !feed, cursor, actions, new Set(pendingItems.keys()));
  ui.title.textContent = feed ? feed.title : selected === 'starred' ? 'Starred' : 'All items';
  ui.panel.hidden = !feed;
  if (feed) {
    const site = feed.meta.siteUrl ?? feed.meta.url;
    const fetched = feed.meta.lastFetchedAt ? `last fetched ${ago(feed.meta.lastFetchedAt)}` : 'not fetched yet';
    ui.feedInfo.replaceChildren(link(site, new URL(site).host), ` · ${fetched}`, feed.meta.folder ? ` · in ${feed.meta.folder}` : '');
  }
  ui.feedError.hidden = !feed?.meta.error;
  ui.feedError.textContent = feed?.meta.error ? `Last error: ${feed.meta.error}` : '';
  const targets = feed ? [feed] : feeds;
  ui.markAll.disabled = targets.every((f) => f.unread === 0);
  ui.folders.replaceChildren(...[...new Set(feeds.map((f) => f.meta.folder).filter((f): f is string => !!f))].map((f) => Object.assign(document.createElement('option'), { value: f })));
}

function setRead(feed: FeedView, itemId: string, read: boolean): void {
  if (read) feed.read.add(itemId);
  else feed.read.delete(itemId);
  recount(feed);
}

const actions: ViewActions = {
  select(view) {
    selected = view;
    cursor = -1;
    const feed = feedOf(view);
    if (feed && !feed.loaded) void loadFeedItems(client.kv, feed, new Set([feed.meta.id].flatMap((id) => [`feeds/${id}/items.json`, `feeds/${id}/read.json`, `feeds/${id}/starred.json`]))).catch(() => undefined).then(render);
    render();
    // On a phone the feed list is below the items: after choosing, show the items.
    if (matchMedia('(max-width: 700px)').matches) ui.title.scrollIntoView({ block: 'start' });
  },
  toggleRead(feedId, itemId) {
    const feed = feedOf(feedId);
    if (!feed) return;
    const read = !feed.read.has(itemId);
    optimistic(() => setRead(feed, itemId, read), () => setRead(feed, itemId, !read), 'mark-read', { feedId, itemIds: [itemId], ...(read ? {} : { unread: true }) }, read ? 'mark it read' : 'mark it unread', [`${feedId}/${itemId}`]);
  },
  toggleStar(feedId, itemId) {
    const feed = feedOf(feedId);
    if (!feed) return;
    const on = !feed.starred.has(itemId);
    const set = (v: boolean) => (): void => void (v ? feed.starred.add(itemId) : feed.starred.delete(itemId));
    optimistic(set(on), set(!on), 'star', { feedId, itemId, starred: on }, on ? 'star it' : 'unstar it', [`${feedId}/${itemId}`]);
  },
};

ui.unlock.addEventListener('submit', (e) => {
  e.preventDefault();
  const input = byId<HTMLInputElement>('passphrase');
  ui.unlockError.textContent = '';
  const started = Date.now();
  // Argon2id runs in WebAssembly on this thread (the SDK has no worker entry yet); the spinner is a
  // compositor animation, so it keeps turning while the key is derived.
  setStatus('Unlocking (deriving the key)…', 'busy');
  client
    .unlock(input.value)
    .then(async () => {
      input.value = '';
      ui.unlock.hidden = true;
      ui.app.hidden = false;
      ui.toolbar.hidden = false;
      setStatus('Loading feeds…', 'busy');
      await reload();
      setStatus(feeds.length === 0 ? 'No feeds yet: add one on the left.' : `Unlocked in ${((Date.now() - started) / 1000).toFixed(1)} s`, 'ok');
      document.body.dataset.ready = 'true';
      // Changes a reload left unsaved were sent again by unlock: show the data once they land.
      for (const j of client.resumed) {
        void j.result().then(reload, (err: unknown) => setStatus(`A change made before the reload failed: ${message(err)}`, 'error'));
      }
    })
    .catch((err: unknown) => {
      setStatus('');
      ui.unlockError.textContent = isGfaError(err, 'E_PASSPHRASE') ? 'Wrong passphrase.' : message(err);
    });
});

byId<HTMLFormElement>('add-feed').addEventListener('submit', (e) => {
  e.preventDefault();
  const url = byId<HTMLInputElement>('feed-url');
  const folder = byId<HTMLInputElement>('feed-folder');
  const input = { url: url.value.trim(), ...(folder.value.trim() ? { folder: folder.value.trim() } : {}) };
  void runJob<{ feedId: string }>('Adding feed', 'add-feed', input).then((out) => {
    if (!out) return;
    url.value = '';
    folder.value = '';
    actions.select(out.feedId);
  });
});

ui.markAll.addEventListener('click', () => {
  const feed = feedOf(selected);
  const targets = (feed ? [feed] : feeds).filter((f) => f.unread > 0);
  const before = new Map(targets.map((f) => [f, new Set(f.read)]));
  const input = { ...(feed ? { feedIds: [feed.meta.id] } : {}), seenBefore: loadedAt };
  const apply = (): void => targets.forEach((f) => (f.items.forEach((it) => setRead(f, it.id, true)), (f.unread = 0)));
  const restore = (): void => before.forEach((read, f) => recount(Object.assign(f, { read })));
  // Undo is offered once the job has answered, so the unread marks it sends land after its read marks.
  const undo = (): void => {
    const changed = [...before].map(([f, read]) => ({ feedId: f.meta.id, itemIds: f.items.map((it) => it.id).filter((id) => !read.has(id)) })).filter((c) => c.itemIds.length > 0);
    restore();
    render();
    void Promise.all(changed.map((c) => client.trigger('mark-read', { ...c, unread: true }).then((j) => j.result())))
      .then(() => setStatus('Marked unread again', 'ok'))
      .catch((err: unknown) => setStatus(`Could not undo: ${message(err)}`, 'error'));
  };
  const count = targets.reduce((n, f) => n + f.unread, 0);
  apply();
  render();
  void client
    .trigger('mark-all-read', input)
    .then((j) => j.result())
    .then(() => setStatus(`Marked ${count} item${count === 1 ? '' : 's'} read`, 'ok', { label: 'Undo', run: undo }))
    .catch((err: unknown) => {
      restore();
      render();
      setStatus(`Could not mark everything read (undone): ${message(err)}`, 'error');
    });
});

// "Unread only" is a preference of this browser, not data: remembered here (it holds nothing secret).
const UNREAD_ONLY_KEY = 'rss-reader:unread-only';
ui.unreadOnly.checked = localStorage.getItem(UNREAD_ONLY_KEY) === '1';
ui.unreadOnly.addEventListener('change', () => {
  localStorage.setItem(UNREAD_ONLY_KEY, ui.unreadOnly.checked ? '1' : '0');
  render();
});
ui.search.addEventListener('input', () => render());

byId('rename-feed').addEventListener('click', () => {
  const feed = feedOf(selected);
  const name = feed && prompt('New name for this feed (empty: its own title)', feed.title);
  if (feed && name !== null && name !== undefined) void runJob('Renaming feed', 'update-feed', { feedId: feed.meta.id, title: name.trim() });
});

byId('move-feed').addEventListener('click', () => {
  const feed = feedOf(selected);
  const folder = feed && prompt('Folder for this feed (empty: no folder)', feed.meta.folder ?? '');
  if (feed && folder !== null && folder !== undefined) void runJob('Moving feed', 'update-feed', { feedId: feed.meta.id, folder: folder.trim() });
});

byId('remove-feed').addEventListener('click', () => {
  const feed = feedOf(selected);
  if (feed && confirm(`Remove "${feed.title}" and its items?`)) void runJob('Removing feed', 'remove-feed', { feedId: feed.meta.id });
});

/** "Refreshed 4 feeds, 12 new items", or which feeds failed. */
const refreshed: Outcome<FetchFeedsOutput> = (o) => {
  const news = `${o.added} new item${o.added === 1 ? '' : 's'}`;
  if (o.failed.length === 0 && o.skipped === 0) return { text: `Refreshed ${o.feeds} feed${o.feeds === 1 ? '' : 's'}, ${news}`, kind: 'ok' };
  const names = o.failed.map((id) => feedOf(id)?.title ?? id).slice(0, 3).join(', ') + (o.failed.length > 3 ? ', …' : '');
  const failed = o.failed.length > 0 ? `; ${o.failed.length} failed (${names})` : '';
  const skipped = o.skipped > 0 ? `; ${o.skipped} not reached in time` : '';
  return { text: `Refreshed ${o.feeds - o.failed.length - o.skipped} of ${o.feeds} feeds, ${news}${failed}${skipped}`, kind: 'error' };
};
const refresh = (): void => void runJob('Refreshing feeds', 'fetch-feeds', undefined, refreshed);
byId('refresh').addEventListener('click', refresh);

byId('export-opml').addEventListener('click', () => {
  void runJob<{ opml: string }>('Exporting OPML', 'export-opml').then((out) => out && downloadText('subscriptions.opml', out.opml, 'text/x-opml'));
});

byId<HTMLInputElement>('import-opml').addEventListener('change', (e) => {
  const input = e.target as HTMLInputElement;
  const file = input.files?.[0];
  if (!file) return;
  void readFileText(file).then(async (opml) => {
    input.value = '';
    const out = await runJob<{ added: number }>('Importing OPML', 'import-opml', { opml });
    if (out && out.added > 0) refresh();
  });
});

byId('help').addEventListener('click', () => ui.shortcuts.showModal());

byId('lock').addEventListener('click', () => {
  client.lock();
  feeds = [];
  ui.feeds.replaceChildren();
  ui.items.replaceChildren();
  ui.app.hidden = true;
  ui.toolbar.hidden = true;
  ui.unlock.hidden = false;
  delete document.body.dataset.ready;
  setStatus('Locked.');
});

bindShortcuts({
  active: () => !ui.app.hidden,
  move(step) {
    if (shown.length === 0) return;
    cursor = Math.max(0, Math.min(shown.length - 1, cursor + step));
    render();
    const li = ui.items.children[cursor] as HTMLElement | undefined;
    (li?.querySelector('a, button') as HTMLElement | null)?.focus();
  },
  open() {
    const it = shown[cursor];
    if (!it?.item.link) return;
    window.open(it.item.link, '_blank', 'noopener,noreferrer');
    if (!it.read) actions.toggleRead(it.feed.meta.id, it.item.id);
  },
  toggleRead: () => shown[cursor] && actions.toggleRead(shown[cursor]!.feed.meta.id, shown[cursor]!.item.id),
  toggleStar: () => shown[cursor] && actions.toggleStar(shown[cursor]!.feed.meta.id, shown[cursor]!.item.id),
  refresh,
  search: () => ui.search.focus(),
  help: () => ui.shortcuts.showModal(),
});
