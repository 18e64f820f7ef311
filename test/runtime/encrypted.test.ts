/** An encrypted app: results and data are sealed on the branch and readable with the key only. */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../framework/build/index.ts';
import { openStore } from '../../framework/store/open.ts';
import { bareRepo, copyCounter, readKey, runBundle } from '../build/helpers/fixture.ts';

let app: Awaited<ReturnType<typeof copyCounter>>;
let tmp: string;
const KEY = Buffer.alloc(32, 3).toString('base64');
const OTHER = Buffer.alloc(32, 4).toString('base64');

beforeAll(async () => {
  app = await copyCounter();
  tmp = await mkdtemp(join(tmpdir(), 'gfa-enc-'));
  const config = join(app.dir, 'gfa.config.ts');
  const text = await readFile(config, 'utf8');
  await writeFile(config, text.replace("history: 'squash' }", "history: 'squash', encrypt: true }"));
  await buildApp(app.dir);
});
afterAll(async () => {
  await app.cleanup();
  await rm(tmp, { recursive: true, force: true });
});

describe('encrypted store', () => {
  it('seals data and results; only the key opens them', async () => {
    const manifest = JSON.parse(await readFile(join(app.dir, 'dist/gfa.json'), 'utf8')) as { store: { encrypt: boolean } };
    expect(manifest.store.encrypt).toBe(true);
    expect(await readFile(join(app.dir, 'dist/jobs/bump.mjs'), 'utf8')).toContain('AGFzbQ');
    const repo = await bareRepo(tmp);
    const r = await runBundle(join(app.dir, 'dist/jobs/bump.mjs'), { GFA_REMOTE: repo, GFA_SECRET_KEY: KEY, GFA_INPUT: '{"by":42}', GFA_REQUEST_ID: 'e-1' });
    expect(r.code, r.stderr).toBe(0);
    const raw = await readKey(repo, 'results/e-1');
    expect(raw).toBeDefined();
    expect(raw).not.toContain('"status"');
    expect(await readKey(repo, 'n')).not.toBe('42');
    const store = await openStore({ remote: repo, secretKeys: KEY });
    try {
      expect(JSON.parse((await store.get('results/e-1')) as string)).toMatchObject({ status: 'ok', output: { n: 42 } });
      expect(await store.get('n')).toBe('42');
    } finally {
      await store.close();
    }
    const wrong = await openStore({ remote: repo, secretKeys: OTHER });
    try {
      await expect(wrong.get('n')).rejects.toThrow();
    } finally {
      await wrong.close();
    }
  });

  it('refuses to run without the key and writes nothing', async () => {
    const repo = await bareRepo(tmp, 'nokey.git');
    const r = await runBundle(join(app.dir, 'dist/jobs/bump.mjs'), { GFA_REMOTE: repo });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/set GFA_SECRET_KEY/);
    expect(await readKey(repo, 'n')).toBeUndefined();
  });
});
