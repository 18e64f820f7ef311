/**
 * `gfa dev --as github`: the app's repository on the GitHub emulator (a test double of GitHub, not
 * GitHub), so `gfa deploy`, `gfa trigger`, `gfa doctor` and the Pages site run the whole loop on one
 * machine. Builds the app, pushes a snapshot of APP_DIR (what `git add -A` would take, plus the build
 * output `dist/` and `.github/workflows/`, which a deployed app commits) as
 * `local/<app>`'s default branch, issues an owner token and a browser token (Actions: write, Contents:
 * read) into APP_DIR/.gfa/local/github/ (mode 0600, never printed), and fires the workflows' schedules.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { Manifest } from '../../app/manifest.ts';
import { GfaError } from '../../errors.ts';
import { armSchedules } from '../schedules.ts';
import { startGithubEmulator, type GithubEmulator, type GithubEmulatorOptions } from './server.ts';

const exec = promisify(execFile);

/** A running `gfa dev --as github`. */
export interface GithubDev {
  emu: GithubEmulator;
  /** `local/<app>` */
  repo: string;
  /** Files holding the tokens. */
  ownerTokenFile: string;
  dispatchTokenFile: string;
  /** Pushes the current APP_DIR again (after a rebuild). */
  push(): Promise<void>;
  close(): Promise<void>;
}

/** Options of {@link startGithubDev}. */
export interface GithubDevOptions {
  appDir: string;
  port?: number;
  /** Host names the servers answer to besides 127.0.0.1 and localhost (`--host`). */
  hosts?: readonly string[];
  /** Port of the Pages origin (another origin than the API, as on github.io). @default port + 1, or any free port when port is 0 */
  pagesPort?: number;
  log?(line: string): void;
  /** Extra environment for the emulated runner. */
  runnerEnv?: Record<string, string>;
  /** Sees every REST exchange (tests hold them to GitHub's OpenAPI description). */
  onExchange?: GithubEmulatorOptions['onExchange'];
  /** From a dispatch or schedule to the run's first step (the CLI's `--runner-start`). @default 0 */
  runnerStartMs?: number;
  /** Lower rate limits than GitHub's, for tests. */
  rateLimits?: GithubEmulatorOptions['rateLimits'];
}

/** The files git tracks under `appDir` (relative to it), or undefined when it is not in a git work tree or none are. */
async function trackedFiles(appDir: string): Promise<string[] | undefined> {
  try {
    const { stdout } = await exec('git', ['-C', appDir, 'ls-files', '-z'], { maxBuffer: 64 * 1024 * 1024 });
    // Tracked files deleted since are left out; a folder git ignores (nothing tracked) counts as not in git.
    const files = stdout.split('\0').filter((f) => f !== '' && existsSync(join(appDir, f)));
    return files.length > 0 ? files : undefined;
  } catch {
    return undefined;
  }
}

/** `git add` of `files` (pathspecs read from stdin: no argument-length limit, no shell). */
function addFiles(env: NodeJS.ProcessEnv, cwd: string, files: string[]): Promise<void> {
  return new Promise((ok, fail) => {
    const child = spawn('git', ['add', '--pathspec-from-file=-', '--pathspec-file-nul'], { env, cwd, stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => void (stderr += d.toString()));
    child.on('error', fail);
    child.on('close', (code) => (code === 0 ? ok() : fail(Object.assign(new Error(stderr || `git add exited ${code}`), { stderr }))));
    child.stdin.end(files.map((f) => `${f}\0`).join(''));
  });
}

/**
 * Pushes a snapshot of `appDir` to `url` as `branch`, through a throw-away git dir (APP_DIR's own .git
 * is untouched). In a git work tree only the files git tracks go up (plus the build output): an
 * untracked `browser-token.txt` beside the app is not published. The token reaches git through the
 * environment (GIT_CONFIG_COUNT), not argv, which other local users can read.
 */
async function pushSnapshot(appDir: string, url: string, token: string, branch: string, log: (line: string) => void): Promise<void> {
  const gitDir = await mkdtemp(join(tmpdir(), 'gfa-gh-snapshot-'));
  const env = { ...process.env, GIT_DIR: gitDir, GIT_WORK_TREE: appDir, GIT_AUTHOR_NAME: 'gfa dev', GIT_AUTHOR_EMAIL: 'dev@localhost', GIT_COMMITTER_NAME: 'gfa dev', GIT_COMMITTER_EMAIL: 'dev@localhost' };
  try {
    await exec('git', ['init', '--quiet'], { env });
    // Local state and installed packages never go up (the app's own .gitignore also applies).
    await writeFile(join(gitDir, 'info', 'exclude'), '/.gfa/local/\nnode_modules/\n');
    const tracked = await trackedFiles(appDir);
    if (tracked) await addFiles(env, appDir, tracked);
    else {
      log('gfa dev --as github: the app folder is not in a git repository, so every file not ignored is published; commit it to publish only what git tracks');
      await exec('git', ['add', '-A', '.'], { env, cwd: appDir });
    }
    // The build output goes up even where a .gitignore leaves it out: a deployed app commits it.
    await exec('git', ['add', '-f', 'dist', '.github/workflows'], { env, cwd: appDir });
    await exec('git', ['commit', '--quiet', '--allow-empty', '-m', 'gfa dev --as github: snapshot of the app folder'], { env, cwd: appDir });
    const auth = { GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'http.extraHeader', GIT_CONFIG_VALUE_0: `Authorization: Basic ${Buffer.from(`x-access-token:${token}`).toString('base64')}` };
    await exec('git', ['push', '--quiet', '--force', url, `HEAD:refs/heads/${branch}`], { env: { ...env, ...auth }, cwd: appDir });
  } catch (err) {
    const detail = String((err as { stderr?: unknown }).stderr ?? (err as Error).message).trim().split('\n')[0];
    throw new GfaError('E_GIT', `cannot push a snapshot of ${appDir} to the GitHub double (${detail}); check that git is installed and the folder is readable`, { cause: err });
  } finally {
    await rm(gitDir, { recursive: true, force: true });
  }
}

/** Builds the app and starts the emulator with its repository. Always `close()` it. */
export async function startGithubDev(o: GithubDevOptions): Promise<GithubDev> {
  const appDir = resolve(o.appDir);
  const log = o.log ?? ((l: string) => process.stdout.write(`${l}\n`));
  const { buildApp } = await import('../../build/index.ts');
  await buildApp(appDir);
  const manifest = JSON.parse(await readFile(join(appDir, 'dist', 'gfa.json'), 'utf8')) as Manifest;
  const pagesPort = o.pagesPort ?? (o.port && o.port < 65535 ? o.port + 1 : 0);
  const emu = await startGithubEmulator({ port: o.port, pagesPort, runnerEnv: o.runnerEnv, onExchange: o.onExchange, runnerStartMs: o.runnerStartMs, rateLimits: o.rateLimits, hosts: o.hosts });
  const repo = `local/${manifest.name}`;
  await emu.addRepo(repo, { visibility: 'public' });
  const ownerToken = emu.addToken([repo], { actions: 'write', administration: 'write', contents: 'write', pages: 'write', secrets: 'write' });
  const dispatchToken = emu.addToken([repo], { actions: 'write', contents: 'read' });
  const dir = join(appDir, '.gfa', 'local', 'github');
  await mkdir(dir, { recursive: true });
  await writeFile(join(appDir, '.gfa', 'local', '.gitignore'), '# local state of gfa run / gfa dev: never commit\n*\n');
  const ownerTokenFile = join(dir, 'owner-token');
  const dispatchTokenFile = join(dir, 'dispatch-token');
  await writeFile(ownerTokenFile, `${ownerToken}\n`, { mode: 0o600 });
  await writeFile(dispatchTokenFile, `${dispatchToken}\n`, { mode: 0o600 });
  const push = () => pushSnapshot(appDir, `${emu.url}/${repo}.git`, ownerToken, 'main', log);
  await push();
  // Scheduled runs, as GitHub starts them from the default branch's workflow files.
  const scheduler = armSchedules(manifest, (job, cron) => void emu.startRun(repo, `gfa-${job}.yml`, 'schedule', { schedule: cron }));
  log([
    `gfa dev --as github: ${manifest.name} on a GitHub double at ${emu.url} (an emulator with GitHub's documented behaviour, not GitHub)`,
    `  repository  ${repo}  (git ${emu.url}/${repo}.git)`,
    `  export GITHUB_API_URL=${emu.apiUrl}`,
    `  export GITHUB_TOKEN=$(cat ${ownerTokenFile})`,
    `  then        gfa deploy ${o.appDir} --forge github --repo ${repo} --dispatch-token-file ${dispatchTokenFile}`,
    `  Pages       ${emu.pagesUrl}/${repo}/  (after gfa deploy; another origin than the API, so CORS applies as on github.io)`,
    `  runs        start ${(o.runnerStartMs ?? 0) / 1000} s after a dispatch or schedule (--runner-start), as a runner would`,
  ].join('\n'));
  return {
    emu, repo, ownerTokenFile, dispatchTokenFile, push,
    async close() {
      scheduler.stop();
      await emu.close();
    },
  };
}
