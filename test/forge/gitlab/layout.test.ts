/**
 * The browser's GitLab adapter reads a store a gfa writer fanned out (issue 27), on the GitLab
 * emulator (a test double of GitLab's documented API, not GitLab): the layout comes from the head
 * commit's message (GitLab's commit answer has no tree), once per head, and each key read is one request.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { layoutReader } from '../../../framework/client/layout.ts';
import { pollResult } from '../../../framework/client/poll.ts';
import { keyPath, newRequestId, resultKey } from '../../../framework/contract.ts';
import type { GitlabDev } from '../../../framework/dev/gitlab/server.ts';
import { gitlabClientForge } from '../../../framework/forge/gitlab/client.ts';
import { gitDriver } from '../../../framework/store/drivers/git.ts';
import { createStore } from '../../../framework/store/store.ts';
import { startEmulator } from './helpers.ts';

let gl: GitlabDev;
beforeAll(async () => {
  gl = await startEmulator({ pipelines: false });
});
afterAll(() => gl?.close());

/** The adapter as the page makes it (no token: the project is public), counting requests by path. */
function counted(): { forge: ReturnType<typeof gitlabClientForge>; paths: string[] } {
  const paths: string[] = [];
  const forge = gitlabClientForge({
    url: gl.url, project: gl.project, branch: 'data',
    fetch: (input, init) => {
      paths.push(new URL(String(input)).pathname.replace(/^.*\/repository\//, ''));
      return fetch(input, init);
    },
  });
  return { forge, paths };
}

describe('GitLab client on a fanned-out store', () => {
  it('reads keys, lists and polls results at their hashed paths, the head commit fetched once', async () => {
    const store = createStore(gitDriver({ remote: gl.repoDir, fanout: { max: 8, min: 4 } }));
    try {
      const keys = Array.from({ length: 9 }, (_, i) => `items/i${i}`);
      await store.transaction(async (tx) => {
        keys.forEach((k) => tx.set(k, `value ${k}`));
        for (let i = 0; i < 9; i++) tx.set(resultKey(`r${i}`), JSON.stringify({ requestId: `r${i}` }));
      });
      const { forge, paths } = counted();
      const head = await forge.head();
      if (!head || head === 'unchanged') throw new Error('no data branch');
      const reader = layoutReader(forge);
      const layout = await reader.at(head.sha);
      expect(layout.fan.get('items')).toBe(9);
      for (const k of keys) {
        const path = keyPath(k, layout);
        expect(path).not.toBe(k);
        expect(new TextDecoder().decode(await forge.readFile(head.sha, path))).toBe(`value ${k}`);
      }
      expect(await forge.readFile(head.sha, keyPath('items/missing', layout))).toBeUndefined();
      const listed = await forge.listFiles(head.sha, 'items');
      expect(listed).toHaveLength(9);

      const bytes = await pollResult(forge, 'job', 'r5', 5000, { layoutAt: (sha) => reader.at(sha) });
      expect(JSON.parse(new TextDecoder().decode(bytes))).toEqual({ requestId: 'r5' });
      // One commit request for the head however many reads; one file request per key.
      expect(paths.filter((p) => p.startsWith('commits/'))).toEqual([`commits/${head.sha}`]);
      expect(paths.filter((p) => p.startsWith('files/'))).toHaveLength(9 + 1 + 1);
    } finally {
      await store.close();
    }
  });
});

describe('GitLab client and the gfa-results trailer (issue 23)', () => {
  it('learns the hint from the commit message it already fetches: no file request for a result the head proves absent', async () => {
    const store = createStore(gitDriver({ remote: gl.repoDir }));
    try {
      const [done, waiting] = [newRequestId(), newRequestId()];
      await store.transaction(async (tx) => tx.set(resultKey(done), JSON.stringify({ requestId: done })));
      const { forge, paths } = counted();
      const reader = layoutReader(forge);
      const options = { layoutAt: (sha: string) => reader.at(sha), resultsAt: (sha: string) => reader.results(sha), backoff: [20] };
      await expect(pollResult(forge, 'job', waiting, 200, options)).rejects.toThrow(/no result/);
      expect(paths.filter((p) => p.startsWith('files/'))).toEqual([]);
      const bytes = await pollResult(forge, 'job', done, 5000, options);
      expect(JSON.parse(new TextDecoder().decode(bytes))).toEqual({ requestId: done });
      expect(paths.filter((p) => p.startsWith('files/'))).toHaveLength(1);
      expect(paths.filter((p) => p.startsWith('commits/'))).toHaveLength(1);
    } finally {
      await store.close();
    }
  });
});
