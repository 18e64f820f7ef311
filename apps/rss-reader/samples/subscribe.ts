/**
 * @module Demo setup for `npm start`: subscribes the sample feeds through the client SDK (exactly as
 * the page would), replaces sample subscriptions left over from a run on another port, and fetches once.
 */
import { connect } from 'gfa/client';
import { getMeta, listFeedIds } from '../lib/store.ts';

/** Where the demo runs. */
export interface SubscribeOptions {
  /** The gfa dev origin. */
  url: string;
  passphrase: string;
  /** Sample feed URLs (from the feed server). */
  feeds: string[];
}

const samplePath = (url: string): string | undefined => {
  const u = new URL(url);
  return u.hostname === '127.0.0.1' && u.pathname.startsWith('/samples/') ? u.pathname : undefined;
};

/**
 * `fetch` that retries a GET once on a network error: Node's fetch may reuse a keep-alive socket the
 * server has just closed (after the seconds Argon2id takes in `unlock`). GETs are safe to repeat.
 */
const retryingGet: typeof fetch = async (input, init) => {
  try {
    return await fetch(input, init);
  } catch (err) {
    if ((init?.method ?? 'GET').toUpperCase() !== 'GET') throw err;
    return fetch(input, init);
  }
};

/** Subscribes what is missing, then runs `fetch-feeds`; returns one line saying what it did. */
export async function subscribeSamples(options: SubscribeOptions): Promise<string> {
  const client = connect({ forge: 'local', url: options.url, fetch: retryingGet });
  await client.unlock(options.passphrase);
  const subscribed = (await Promise.all((await listFeedIds(client.kv)).map((id) => getMeta(client.kv, id)))).filter((m) => m !== undefined);
  const urls = new Set(subscribed.map((m) => m.url));
  const wanted = new Set(options.feeds.map(samplePath));
  // A sample feed served earlier on another port: its URL is dead now.
  const stale = subscribed.filter((m) => wanted.has(samplePath(m.url)) && !options.feeds.includes(m.url));
  const missing = options.feeds.filter((url) => !urls.has(url));
  // One job at a time: concurrent writers to the data branch only retry each other's pushes.
  for (const m of stale) await (await client.trigger('remove-feed', { feedId: m.id })).result();
  for (const url of missing) await (await client.trigger('add-feed', { url })).result();
  const fetched = await (await client.trigger<{ feeds: number; added: number; failed: string[] }>('fetch-feeds')).result();
  // Samples only: feeds the owner added are not "already there" samples (3 samples used to read "4 already there").
  const already = options.feeds.length - missing.length;
  return `${missing.length} subscribed, ${already} already there${stale.length ? `, ${stale.length} stale removed` : ''}; fetched ${fetched.feeds} feeds (${fetched.added} new items${fetched.failed.length ? `, ${fetched.failed.length} failed` : ''})`;
}
