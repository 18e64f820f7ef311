/**
 * The browser client reads a store that a gfa writer fanned out (issue 27): by SHA, through a forge
 * that answers reads from a real bare repository, with the same number of requests in both layouts.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient } from '../../framework/client/client.ts';
import { pollResult } from '../../framework/client/poll.ts';
import { layoutReader } from '../../framework/client/layout.ts';
import { generateSecretKey, parseSecretKeys } from '../../framework/crypto/keys.ts';
import { wrapKeysFile } from '../../framework/forge/keys-file.ts';
import type { ClientForge } from '../../framework/forge/types.ts';
import { resultKey } from '../../framework/contract.ts';
import { encryptedDriver } from '../../framework/store/drivers/encrypted.ts';
import { gitDriver } from '../../framework/store/drivers/git.ts';
import { createStore, type Store } from '../../framework/store/store.ts';
import { setupBare, tempDir } from '../store/helpers/git-fixtures.ts';

const run = promisify(execFile);
const LIMITS = { max: 8, min: 4 };
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

/**
 * A ClientForge whose reads by SHA come from bare repo `bare` with git (what a forge's contents, tree
 * and commit endpoints answer), counting requests by kind.
 */
function repoForge(bare: string, keysFile: unknown): { forge: ClientForge; requests: Record<string, number> } {
  const requests: Record<string, number> = { head: 0, readFile: 0, listFiles: 0, commit: 0 };
  const git = async (...args: string[]) => (await run('git', args, { cwd: bare, encoding: 'buffer', maxBuffer: 1 << 26 })).stdout;
  const forge: ClientForge = {
    name: 'local',
    backoff: [1],
    batchLimit: { requests: 1, chars: 1000 },
    keysFile: async () => keysFile,
    async head() {
      requests.head!++;
      const sha = (await git('rev-parse', '--verify', '-q', 'refs/heads/data').catch(() => Buffer.from(''))).toString().trim();
      return sha ? { sha, etag: sha } : undefined;
    },
    async readFile(sha, path) {
      requests.readFile!++;
      const type = (await git('cat-file', '-t', `${sha}:${path}`).catch(() => Buffer.from(''))).toString().trim();
      return type === 'blob' ? new Uint8Array(await git('cat-file', 'blob', `${sha}:${path}`)) : undefined;
    },
    async listFiles(sha, dir) {
      requests.listFiles!++;
      const out = (await git('ls-tree', '-r', '--name-only', sha, ...(dir ? [`${dir}/`] : []))).toString();
      return out.split('\n').filter(Boolean).sort();
    },
    async commit(sha) {
      requests.commit!++;
      const tree = (await git('rev-parse', `${sha}^{tree}`)).toString().trim();
      const message = (await git('log', '-1', '--format=%B', sha)).toString();
      return { tree, message };
    },
    trigger: async () => ({}),
  };
  return { forge, requests };
}

async function fixture(name: string, encrypted: boolean): Promise<{ bare: string; store: Store; client: ReturnType<typeof createClient>; requests: Record<string, number> }> {
  const tmp = tempDir(`client-layout-${name}`);
  cleanups.push(() => tmp.remove());
  const bare = join(tmp.dir, 'remote.git');
  await setupBare(bare);
  const dataKey = encrypted ? await generateSecretKey() : undefined;
  const inner = gitDriver({ remote: bare, fanout: LIMITS });
  const store = createStore(dataKey ? await encryptedDriver(inner, { keys: parseSecretKeys(dataKey) }) : inner);
  cleanups.push(() => store.close());
  const keysFile = JSON.parse(await wrapKeysFile('pass phrase', { triggerToken: 't', ...(dataKey ? { dataKey } : {}) }, { opslimit: 1, memlimit: 8192 }));
  const { forge, requests } = repoForge(bare, keysFile);
  const client = createClient(forge, `layout-${name}-${Math.random()}`);
  await client.unlock('pass phrase', { allowWeak: true });
  return { bare, store, client, requests };
}

/** Requests one read of each of `keys` costs, once the head's commit is known. */
async function readAll(client: ReturnType<typeof createClient>, requests: Record<string, number>, keys: string[]): Promise<{ values: (string | undefined)[]; requests: Record<string, number> }> {
  const before = { ...requests };
  const values: (string | undefined)[] = [];
  for (const k of keys) values.push(await client.kv.get(k));
  return { values, requests: Object.fromEntries(Object.entries(requests).map(([k, v]) => [k, v - before[k]!])) };
}

describe('client reads of a fanned-out store', () => {
  for (const encrypted of [false, true]) {
    it(`reads keys, lists and finds results before and after a writer converts a directory (${encrypted ? 'encrypted' : 'plaintext'})`, async () => {
      const { bare, store, client, requests } = await fixture(encrypted ? 'enc' : 'plain', encrypted);
      const keys = Array.from({ length: 8 }, (_, i) => `items/i${i}`);
      await store.transaction(async (tx) => keys.forEach((k) => tx.set(k, `value ${k}`)));
      await client.kv.get('warm/the-head');
      const flat = await readAll(client, requests, [...keys, 'items/missing']);
      expect(flat.values).toEqual([...keys.map((k) => `value ${k}`), undefined]);
      expect(await client.kv.list('items/')).toEqual(keys);

      // A writer converts items/ (one more entry than the limit) and writes a result into it.
      await store.transaction(async (tx) => {
        tx.set('items/i8', 'value items/i8');
        tx.set(resultKey('req-1'), JSON.stringify({ requestId: 'req-1', status: 'ok' }));
      });
      keys.push('items/i8');
      const { stdout } = await run('git', ['log', '-1', '--format=%B', 'data'], { cwd: bare });
      expect(stdout).toContain('gfa-layout: fanout-1 {"items":9}');
      await client.kv.get('warm/the-head');
      const fanned = await readAll(client, requests, [...keys.slice(0, 8), 'items/missing']);
      expect(fanned.values).toEqual([...keys.slice(0, 8).map((k) => `value ${k}`), undefined]);
      // The same request budget: one file request per key read, the head's commit fetched once per head.
      expect(fanned.requests).toEqual(flat.requests);
      expect(fanned.requests).toMatchObject({ readFile: 9, commit: 0 });
      expect(await client.kv.list('items/')).toEqual(keys);
      expect(await client.kv.list('items/i')).toEqual(keys);
      expect(await client.kv.list('')).toEqual([...keys, 'results/req-1']);

      // And back to flat: the client follows the layout of each head.
      await store.transaction(async (tx) => keys.slice(3).forEach((k) => tx.delete(k)));
      expect(await client.kv.list('items/')).toEqual(keys.slice(0, 3));
      expect(await client.kv.get('items/i2')).toBe('value items/i2');
    });
  }

  it('polls a result in a fanned-out results/ directory at its hashed path, one file request a poll', async () => {
    const { bare, store } = await fixture('poll', false);
    await store.transaction(async (tx) => {
      for (let i = 0; i < 12; i++) tx.set(resultKey(`r${i}`), JSON.stringify({ requestId: `r${i}` }));
    });
    const { forge, requests } = repoForge(bare, {});
    const reader = layoutReader(forge);
    const bytes = await pollResult(forge, 'job', 'r5', 5000, { layoutAt: (sha) => reader.at(sha) });
    expect(JSON.parse(new TextDecoder().decode(bytes))).toEqual({ requestId: 'r5' });
    expect(requests).toMatchObject({ head: 1, commit: 1, readFile: 1 });
    // Without the layout (as a client before this version), the flat path is not there.
    await expect(pollResult(forge, 'job', 'r5', 30)).rejects.toThrow(/no result/);
  });
});

describe('layout reader', () => {
  it('fetches each commit once, and reads a forge without commits as flat', async () => {
    let calls = 0;
    const reader = layoutReader({ commit: async () => (calls++, { tree: 't', message: 'm\n\ngfa-layout: fanout-1 {"results":2000}' }) });
    expect((await reader.at('a')).fan.get('results')).toBe(2000);
    await reader.at('a');
    expect(calls).toBe(1);
    expect((await layoutReader({}).at('a')).fan.size).toBe(0);
    await expect(layoutReader({ commit: async () => ({ tree: 't', message: 'm\n\ngfa-layout: fanout-7 {}' }) }).at('b')).rejects.toThrow(/does not know/);
  });
});
