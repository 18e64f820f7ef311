/**
 * `gfa run JOB --as-user ID` (issue 26): the request is served as that user under the app's policies.
 * The counter fixture declares none, so a user may write nothing; with a policy for `n`, the same
 * run lands. A malformed id is refused in one line.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyCounter, GFA_BIN, readKey, runProgram } from '../build/helpers/fixture.ts';

let app: Awaited<ReturnType<typeof copyCounter>>;
beforeAll(async () => { app = await copyCounter(); });
afterAll(() => app.cleanup());

const gfa = (args: string[]) => runProgram(GFA_BIN, args, { cwd: app.dir });
const remote = () => join(app.dir, '.gfa/local/remote.git');

describe('gfa run --as-user', () => {
  it('holds the request to the app\'s policies: none, so the write is refused and nothing lands', async () => {
    const owner = await gfa(['run', 'bump', '--input', '{"by":2}']);
    expect(owner.code, owner.stderr).toBe(0);
    const r = await gfa(['run', 'bump', '--input', '{"by":5}', '--as-user', '4242', '--no-build']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 'error', error: { code: 'E_POLICY' } });
    expect(await readKey(remote(), 'n')).toBe('2');
  }, 60_000);

  it('lets the write through when a policy allows it', async () => {
    const file = join(app.dir, 'gfa.config.ts');
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.replace("  name: 'counter',\n", () => "  name: 'counter',\n  policies: ['anyone read,create-file,modify ^n$'],\n"));
    const r = await gfa(['run', 'bump', '--input', '{"by":5}', '--as-user', '4242']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(await readKey(remote(), 'n')).toBe('7');
  }, 60_000);

  it('refuses an id that is not the forge\'s numeric user id, in one line', async () => {
    const r = await gfa(['run', 'bump', '--as-user', 'octocat', '--no-build']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('gfa: --as-user takes the forge\'s numeric user id (1 to 20 digits), not "octocat"\n');
    const help = await gfa(['run', '--help']);
    expect(help.stdout).toContain('--as-user ID');
  }, 60_000);
});
