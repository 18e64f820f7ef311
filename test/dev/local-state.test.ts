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

describe('localState under concurrency', () => {
  it('eight processes starting at once on a fresh app all get the same working state', async () => {
    const app = await manifestApp('racing', true);
    const script = `import { localState } from ${JSON.stringify(join(process.cwd(), 'framework/dev/local-state.ts'))};
const s = await localState(process.argv[1]);
process.stdout.write(JSON.stringify(s));`;
    const runs = await Promise.all(
      Array.from({ length: 8 }, () => exec(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, app], { cwd: process.cwd() }).then((r) => JSON.parse(r.stdout) as { remote: string; secretKey: string })),
    );
    expect(new Set(runs.map((r) => r.secretKey)).size).toBe(1);
    expect(new Set(runs.map((r) => r.remote)).size).toBe(1);
    expect((await exec('git', ['-C', runs[0]!.remote, 'symbolic-ref', 'HEAD'])).stdout.trim()).toBe('refs/heads/data');
    expect((await exec('git', ['-C', runs[0]!.remote, 'config', 'uploadpack.allowFilter'])).stdout.trim()).toBe('true');
    const { readdir } = await import('node:fs/promises');
    expect((await readdir(join(app, '.gfa/local'))).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  }, 60_000);
});
