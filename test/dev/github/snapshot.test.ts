/**
 * What `gfa dev --as github` publishes of the app folder (issue 19): in a git work tree, only what git
 * tracks (plus the build output), so an untracked token file beside the app stays off the double.
 */
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGithubDev, type GithubDev } from '../../../framework/dev/github/start.ts';
import { copyFixture } from '../helpers/fixture.ts';

const exec = promisify(execFile);
const app = copyFixture('dev-app');
let dev: GithubDev;

beforeAll(async () => {
  const git = (...args: string[]) => exec('git', ['-C', app.dir, ...args], { env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } });
  await git('init', '--quiet');
  await git('add', '-A');
  await git('commit', '--quiet', '-m', 'app');
  writeFileSync(join(app.dir, 'browser-token.txt'), 'github_pat_not_for_publishing\n');
  dev = await startGithubDev({ appDir: app.dir, log: () => {} });
}, 120_000);
afterAll(async () => {
  await dev?.close();
  app.remove();
});

describe('gfa dev --as github publishes tracked files only', () => {
  it('an untracked token file is not in the repository or on Pages; tracked files and dist are', async () => {
    const token = readFileSync(dev.ownerTokenFile, 'utf8').trim();
    const get = (path: string) => fetch(`${dev.emu.apiUrl}/repos/${dev.repo}/contents/${path}`, { headers: { authorization: `Bearer ${token}` } });
    expect((await get('gfa.config.ts')).status).toBe(200);
    expect((await get('dist/gfa.json')).status).toBe(200);
    expect((await get('browser-token.txt')).status).toBe(404);
    const pages = await fetch(`${dev.emu.pagesUrl}/${dev.repo}/browser-token.txt`);
    expect(pages.status).toBe(404);
  });
});
