import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localState } from '../../framework/dev/local-state.ts';
import { parseSecretKeys } from '../../framework/crypto/keys.ts';

const exec = promisify(execFile);
let dir: string;
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'gfa-local-')); });
afterAll(() => rm(dir, { recursive: true, force: true }));

async function manifestApp(name: string, encrypt: boolean): Promise<string> {
  const app = join(dir, name);
  await mkdir(join(app, 'dist'), { recursive: true });
  await writeFile(join(app, 'dist/gfa.json'), JSON.stringify({ version: 1, name, store: { branch: 'data', history: 'squash', encrypt }, jobs: {} }));
  return app;
}

describe('localState', () => {
  it('creates a bare remote configured for partial clones, ignored by git', async () => {
    const app = await manifestApp('plain', false);
    const s = await localState(app);
    expect(s.remote).toBe(join(app, '.gfa/local/remote.git'));
    expect(s.secretKey).toBeUndefined();
    const cfg = (await exec('git', ['-C', s.remote, 'config', '--list'])).stdout;
    expect(cfg).toContain('uploadpack.allowfilter=true');
    expect(cfg).toContain('uploadpack.allowanysha1inwant=true');
    expect(cfg).toContain('http.receivepack=true');
    expect(await readFile(join(s.dir, '.gitignore'), 'utf8')).toContain('*');
    expect((await stat(s.cacheDir)).isDirectory()).toBe(true);
  });

  it('an encrypting app gets one secret key, mode 0600, kept across calls', async () => {
    const app = await manifestApp('sealed', true);
    const a = await localState(app);
    const b = await localState(app);
    expect(a.secretKey).toBeDefined();
    expect(b.secretKey).toBe(a.secretKey);
    expect(parseSecretKeys(a.secretKey as string)).toHaveLength(1);
    expect((await stat(join(a.dir, 'secret.key'))).mode & 0o777).toBe(0o600);
  });
});
