/** `npm start`'s sample subscription line counts samples, not every feed (issue 20: "0 subscribed, 4 already there" for 3 samples). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subscribeSamples } from '../../../apps/rss-reader/samples/subscribe.ts';
import { startReader, type Reader } from './helpers/setup.ts';

let reader: Reader;
beforeAll(async () => {
  reader = await startReader({ realKdf: true });
}, 120_000);
afterAll(async () => reader?.stop());

describe('subscribeSamples', () => {
  it('says how many samples it added and how many were there, ignoring the owner’s own feeds', async () => {
    const [own, ...samples] = reader.feeds.feeds;
    await reader.run('add-feed', { url: own });
    const options = { url: reader.dev.url, passphrase: reader.passphrase, feeds: samples.slice(0, 2) };
    expect(await subscribeSamples(options)).toMatch(/^2 subscribed, 0 already there; fetched/);
    expect(await subscribeSamples(options)).toMatch(/^0 subscribed, 2 already there; fetched/);
  }, 120_000);
});
