/** @module The RSS reader page: unlock, read feeds from the data branch, and trigger jobs for every change. */
import { connectFromPage, isGfaError } from 'gfa/client';
import { itemsOf, loadFeeds, type FeedView } from './data.ts';
import { ago, byId, el, link } from './dom.ts';
import { applyStyles } from './style.ts';
import { renderFeeds, renderItems, type ViewActions } from './view.ts';

applyStyles();
const client = connectFromPage();
const ui = {
  status: byId('status'),
  toolbar: byId('toolbar'),
  unlock: byId<HTMLFormElement>('unlock'),
  unlockError: byId('unlock-error'),
  app: byId('app'),
  feeds: byId('feeds'),
  items: byId('items'),
  title: byId('feed-title'),
  feedInfo: byId('feed-info'),
  feedError: byId('feed-error'),
  markAll: byId<HTMLButtonElement>('mark-all'),
  remove: byId<HTMLButtonElement>('remove-feed'),
};
let feeds: FeedView[] = [];
let selected: string = 'all';
let busy = false;

function setStatus(text: string, kind: 'busy' | 'ok' | 'error' | '' = ''): void {
  ui.status.className = `status ${kind}`;
  ui.status.replaceChildren(kind === 'busy' ? el('span', 'spinner') : '', text);
}

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** Runs one job and waits for its result, with the page locked and a progress line; then reloads. */
async function runJob<T>(label: string, job: string, inputs: unknown[]): Promise<T[] | undefined> {
  if (busy) return undefined;
  busy = true;
  document.body.classList.add('busy');
  setStatus(`${label}…`, 'busy');
  try {
    const started = await Promise.all(inputs.map((input) => client.trigger<T>(job, input)));
    const outputs = await Promise.all(started.map((j) => j.result()));
    await reload();
    setStatus(`${label}: done`, 'ok');
    return outputs;
  } catch (err) {
    setStatus(message(err), 'error');
    return undefined;
  } finally {
    busy = false;
    document.body.classList.remove('busy');
  }
}

async function reload(): Promise<void> {
  feeds = await loadFeeds(client.kv);
  if (selected !== 'all' && !feeds.some((f) => f.meta.id === selected)) selected = 'all';
  render();
}

function render(): void {
  const feed = feeds.find((f) => f.meta.id === selected);
  renderFeeds(ui.feeds, feeds, selected, actions);
  renderItems(ui.items, itemsOf(feeds, selected), selected === 'all', actions);
  ui.title.textContent = feed ? feed.meta.title : 'All items';
  ui.remove.hidden = !feed;
  ui.feedInfo.hidden = !feed;
  if (feed) {
    const site = feed.meta.siteUrl ?? feed.meta.url;
    const fetched = feed.meta.lastOkAt ? `updated ${ago(feed.meta.lastOkAt)}` : 'not fetched yet';
    ui.feedInfo.replaceChildren(link(site, new URL(site).host), ` · ${fetched}`);
  }
  ui.feedError.hidden = !feed?.meta.error;
  ui.feedError.textContent = feed?.meta.error ? `Last fetch failed: ${feed.meta.error}` : '';
  ui.markAll.disabled = (feed ? feed.unread : feeds.reduce((n, f) => n + f.unread, 0)) === 0;
}

const actions: ViewActions = {
  select(feedId) {
    selected = feedId;
    render();
  },
  markRead(feedId, itemId) {
    void runJob('Marking read', 'mark-read', [{ feedId, itemIds: [itemId] }]);
  },
};

ui.unlock.addEventListener('submit', (e) => {
  e.preventDefault();
  const input = byId<HTMLInputElement>('passphrase');
  ui.unlockError.textContent = '';
  setStatus('Unlocking…', 'busy');
  client
    .unlock(input.value)
    .then(async () => {
      input.value = '';
      ui.unlock.hidden = true;
      ui.app.hidden = false;
      ui.toolbar.hidden = false;
      setStatus('Loading feeds…', 'busy');
      await reload();
      setStatus(feeds.length === 0 ? 'No feeds yet: add one on the left.' : '', feeds.length === 0 ? 'ok' : '');
    })
    .catch((err: unknown) => {
      setStatus('');
      ui.unlockError.textContent = isGfaError(err, 'E_PASSPHRASE') ? 'Wrong passphrase.' : message(err);
    });
});

byId<HTMLFormElement>('add-feed').addEventListener('submit', (e) => {
  e.preventDefault();
  const input = byId<HTMLInputElement>('feed-url');
  void runJob<{ feedId: string }>('Adding feed', 'add-feed', [{ url: input.value.trim() }]).then((out) => {
    if (!out?.[0]) return;
    input.value = '';
    actions.select(out[0].feedId);
  });
});

ui.markAll.addEventListener('click', () => {
  const targets = feeds.filter((f) => (selected === 'all' || f.meta.id === selected) && f.unread > 0);
  void runJob('Marking all read', 'mark-read', targets.map((f) => ({ feedId: f.meta.id, all: true })));
});

ui.remove.addEventListener('click', () => {
  const feed = feeds.find((f) => f.meta.id === selected);
  if (feed && confirm(`Remove "${feed.meta.title}" and its items?`)) void runJob('Removing feed', 'remove-feed', [{ feedId: feed.meta.id }]);
});

byId('refresh').addEventListener('click', () => void runJob('Fetching feeds', 'fetch-feeds', [undefined]));

byId('lock').addEventListener('click', () => {
  client.lock();
  feeds = [];
  ui.feeds.replaceChildren();
  ui.items.replaceChildren();
  ui.app.hidden = true;
  ui.toolbar.hidden = true;
  ui.unlock.hidden = false;
  setStatus('Locked.');
});
