/**
 * A GitHub test bed on the emulator (`gfa dev --as github`'s GitHub double, not GitHub): a fixture app
 * built and pushed as `owner/app`, an owner token (what `gfa deploy` uses) and a browser token
 * (Actions: write, Contents: read), with every REST exchange held to GitHub's OpenAPI description.
 */
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Manifest } from '../../../framework/app/manifest.ts';
import { buildApp } from '../../../framework/build/index.ts';
import { startGithubEmulator, type GithubEmulator, type GithubEmulatorOptions } from '../../../framework/dev/github/server.ts';
import { copyFixture } from '../../dev/helpers/fixture.ts';
import { openApiRecorder } from './openapi.ts';

const exec = promisify(execFile);

/** What the tests get. */
export interface GithubFixture {
  emu: GithubEmulator;
  dir: string;
  repo: string;
  manifest: Manifest;
  /** Contents, Secrets, Pages, Administration, Actions: write (a deploy token). */
  ownerToken: string;
  /** Actions: write + Contents: read (the browser credential). */
  dispatchToken: string;
  recorder: ReturnType<typeof openApiRecorder>;
  /** Commits the app folder and pushes it to the emulator's default branch. */
  push(message?: string): Promise<void>;
  stop(): Promise<void>;
}

/** Starts the emulator with `fixture` built and pushed. Always `stop()` it. */
export async function startGithubFixture(fixture = 'dev-app', options: { visibility?: 'public' | 'private'; emulator?: Omit<GithubEmulatorOptions, 'onExchange'>; /** Edits the fixture copy before it is built. */ configure?: (dir: string) => void } = {}): Promise<GithubFixture> {
  const recorder = openApiRecorder();
  const emu = await startGithubEmulator({ ...options.emulator, onExchange: recorder.onExchange });
  const copy = copyFixture(fixture);
  try {
    await emu.addRepo('owner/app', { visibility: options.visibility ?? 'public' });
    const ownerToken = emu.addToken(['owner/app'], { actions: 'write', administration: 'write', contents: 'write', pages: 'write', secrets: 'write' });
    const dispatchToken = emu.addToken(['owner/app'], { actions: 'write', contents: 'read' }, 'owner');
    options.configure?.(copy.dir);
    await buildApp(copy.dir);
    const git = (...args: string[]) => exec('git', ['-C', copy.dir, ...args], { env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' } });
    await git('init', '--quiet', '--initial-branch', 'main');
    writeFileSync(join(copy.dir, '.git', 'info', 'exclude'), '/.gfa/local/\n');
    await git('remote', 'add', 'origin', `${emu.url}/owner/app.git`);
    const push = async (message = 'app'): Promise<void> => {
      await git('add', '-A', '.');
      await git('commit', '--quiet', '--allow-empty', '-m', message);
      const auth = `http.extraHeader=Authorization: Basic ${Buffer.from(`x-access-token:${ownerToken}`).toString('base64')}`;
      await git('-c', auth, 'push', '--quiet', 'origin', 'HEAD:refs/heads/main');
    };
    await push();
    return {
      emu, dir: copy.dir, repo: 'owner/app', ownerToken, dispatchToken, recorder, push,
      manifest: JSON.parse(readFileSync(join(copy.dir, 'dist', 'gfa.json'), 'utf8')) as Manifest,
      async stop() {
        await emu.close();
        copy.remove();
      },
    };
  } catch (err) {
    await emu.close();
    copy.remove();
    throw err;
  }
}
