/**
 * End to end through the bin (issue 26): `gfa run JOB --event issue_comment --payload FILE` on a copy
 * of the counter fixture, given policies and a job opened to anyone on comments. A join comment binds
 * the author's keys; a signed request comment is served as that user under the policies (the bundle
 * of an app that does not encrypt carries libsodium for it); the same comment again changes nothing;
 * a forged one is refused with nothing committed.
 */
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyCounter, GFA_BIN, readKey, runProgram } from '../build/helpers/fixture.ts';
import { formatBlock } from '../../framework/users/block.ts';
import { joinMessage } from '../../framework/users/join.ts';
import { generateUserKeys } from '../../framework/users/keys.ts';
import { signRequest } from '../../framework/users/request.ts';

const exec = promisify(execFile);
let app: Awaited<ReturnType<typeof copyCounter>>;
const NOTE_JOB = `    note: defineJob({
      on: [trigger({ input: z.object({ text: z.string().max(200) }) }), event('issue_comment', { from: 'anyone' })],
      run: async (ctx) => {
        if (ctx.user === undefined) return { ignored: true };
        ctx.kv.set(\`users/\${ctx.user}/note\`, ctx.input.text);
        return { user: ctx.user };
      },
    }),
`;

beforeAll(async () => {
  app = await copyCounter();
  const file = join(app.dir, 'gfa.config.ts');
  const text = await readFile(file, 'utf8');
  await writeFile(file, text
    .replace("  name: 'counter',\n", () => "  name: 'counter',\n  policies: ['anyone read,create-file,modify ^users/$user_id/.*$'],\n")
    .replace('  jobs: {\n', () => `  jobs: {\n${NOTE_JOB}`));
});
afterAll(() => app.cleanup());

const gfa = (args: string[]) => runProgram(GFA_BIN, args, { cwd: app.dir });
const remote = () => join(app.dir, '.gfa/local/remote.git');
const head = async () => (await exec('git', ['--git-dir', remote(), 'rev-parse', 'data'])).stdout.trim();
let n = 0;
async function commentFile(sender: number, body: string): Promise<string> {
  const path = join(app.dir, `comment-${n++}.json`);
  await writeFile(path, JSON.stringify({ action: 'created', sender: { id: sender, login: 'alice' }, comment: { body, user: { id: sender }, author_association: 'NONE' }, issue: { number: 3 } }));
  return path;
}
const onComment = (path: string, build = false) => gfa(['run', 'note', '--event', 'issue_comment', '--payload', path, ...(build ? [] : ['--no-build'])]);

describe('gfa run --event issue_comment with gfa blocks', () => {
  it('joins, serves a signed request once as the user, and refuses a forged one', async () => {
    const alice = await generateUserKeys();
    const joined = await onComment(await commentFile(42, `I'd like to join.\n\n${formatBlock('join', joinMessage(alice))}`), true);
    expect(joined.code, joined.stderr).toBe(0);
    expect(JSON.parse((await readKey(remote(), 'users/42/keys.json'))!)).toMatchObject(alice.card);

    const request = await commentFile(42, formatBlock('request', await signRequest(alice, { job: 'note', requestId: 'alice-1', time: Date.now(), input: { text: 'hello' } })));
    const served = await onComment(request);
    expect(served.code, served.stderr).toBe(0);
    expect(await readKey(remote(), 'users/42/note')).toBe('hello');
    expect(JSON.parse((await readKey(remote(), 'results/alice-1'))!)).toMatchObject({ status: 'ok', output: { user: '42' }, signed: { user: '42' } });

    const before = await head();
    const replay = await onComment(request);
    expect(replay.code, replay.stderr).toBe(0);
    expect(await head()).toBe(before);

    const mallory = await generateUserKeys();
    const forged = await onComment(await commentFile(42, formatBlock('request', await signRequest(mallory, { job: 'note', requestId: 'alice-2', time: Date.now(), input: { text: 'pwned' } }))));
    expect(forged.code).toBe(1);
    expect(JSON.parse(forged.stdout.trim().split('\n').pop()!)).toMatchObject({ status: 'error', code: 'E_SIGNATURE' });
    expect(forged.stderr).not.toMatch(/\n\s+at /);
    expect(await head()).toBe(before);
    expect(await readKey(remote(), 'users/42/note')).toBe('hello');
  }, 120_000);
});
