/** The client refuses to unlock in a frame or in a window another page opened (issue 19); the frame case also runs in Chromium (test/apps/rss-reader/browser.test.ts). */
import { afterEach, describe, expect, it } from 'vitest';
import { createClient } from '../../framework/client/client.ts';
import type { ClientForge } from '../../framework/forge/types.ts';

const forge = { name: 'local', backoff: [1], batchLimit: { requests: 1, chars: 1 }, keysFile: async () => { throw new Error('read the keys file'); } } as unknown as ClientForge;
const g = globalThis as { window?: unknown };
afterEach(() => void delete g.window);

describe('unlock in an unsafe window', () => {
  it('refuses when opened by another page, before reading anything', async () => {
    const self = {};
    g.window = { top: self, self, opener: {} };
    await expect(createClient(forge, 's').unlock('p')).rejects.toThrow(/^refusing to unlock: this page was opened by another page, which can reach into it; open the app's address in a tab of its own$/);
  });

  it('refuses in a frame; goes on in a tab of its own', async () => {
    g.window = { top: {}, self: {}, opener: null };
    await expect(createClient(forge, 's').unlock('p')).rejects.toThrow(/inside a frame of another page/);
    const self = {};
    g.window = { top: self, self, opener: null };
    await expect(createClient(forge, 's').unlock('p')).rejects.toThrow(/read the keys file/);
  });
});
