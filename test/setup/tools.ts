/**
 * Vitest global setup: the programs the tests need beyond Node and git, so that `npm install && npm test`
 * passes on a machine with nothing else installed. Chromium comes from npm (test/helpers/browser.ts);
 * gitlab-ci-local needs rsync, installed here with apt-get when the run may (root on Debian/Ubuntu),
 * else the run stops with one line saying what to install. Nothing is skipped silently.
 */
import { execFileSync, spawnSync } from 'node:child_process';

const has = (cmd: string): boolean => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;

function installRsync(): void {
  if (has('rsync')) return;
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (root && has('apt-get')) {
    process.stderr.write('test setup: installing rsync (gitlab-ci-local needs it) with apt-get\n');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'ignore', env });
    execFileSync('apt-get', ['install', '-y', '-qq', 'rsync'], { stdio: 'ignore', env });
    if (has('rsync')) return;
  }
  throw new Error('the GitLab pipeline tests need rsync (gitlab-ci-local copies the checkout with it): install it (apt-get install rsync, brew install rsync) and run npm test again');
}

/**
 * GitHub's CLI `gh` (Debian package `gh`, 2.23 on bookworm) drives the GitHub double in
 * test/dev/github/gh-cli.test.ts: installed here as rsync is when the run may; where it cannot be,
 * that test file skips with one line saying so (the rest of the suite does not need it).
 */
function installGh(): void {
  if (has('gh')) return;
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!root || !has('apt-get')) return;
  process.stderr.write('test setup: installing gh (the GitHub CLI, for the GitHub double\'s client tests) with apt-get\n');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const apt = (args: string[]): boolean => spawnSync('apt-get', args, { stdio: 'ignore', env }).status === 0;
  if (!apt(['install', '-y', '-qq', 'gh'])) apt(['update', '-qq']) && apt(['install', '-y', '-qq', 'gh']);
}

/** A `python3` that can import python-gitlab: the one on PATH, else Debian's (a pyenv shim hides it). */
export function pythonWithGitlab(): string | undefined {
  for (const py of ['python3', '/usr/bin/python3']) {
    if (spawnSync(py, ['-c', 'import gitlab'], { stdio: 'ignore' }).status === 0) return py;
  }
  return undefined;
}

/**
 * python-gitlab and its `gitlab` CLI (Debian package `python3-gitlab`, 3.12 on bookworm; the CLI runs
 * as `python3 -m gitlab`) drive the GitLab double in test/dev/gitlab/python-gitlab*.test.ts: installed
 * here as gh is when the run may; where it cannot be, those files skip with one line saying so.
 */
function installPythonGitlab(): void {
  if (pythonWithGitlab()) return;
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!root || !has('apt-get')) return;
  process.stderr.write('test setup: installing python3-gitlab (python-gitlab, for the GitLab double\'s client tests) with apt-get\n');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const apt = (args: string[]): boolean => spawnSync('apt-get', args, { stdio: 'ignore', env }).status === 0;
  if (!apt(['install', '-y', '-qq', 'python3-gitlab'])) apt(['update', '-qq']) && apt(['install', '-y', '-qq', 'python3-gitlab']);
}

/** Tests commit to scratch repositories: give git an identity when the machine has none. */
function gitIdentity(): void {
  const name = spawnSync('git', ['config', 'user.name'], { encoding: 'utf8' }).stdout.trim();
  const email = spawnSync('git', ['config', 'user.email'], { encoding: 'utf8' }).stdout.trim();
  if (!name) process.env.GIT_AUTHOR_NAME = process.env.GIT_COMMITTER_NAME = 'gfa tests';
  if (!email) process.env.GIT_AUTHOR_EMAIL = process.env.GIT_COMMITTER_EMAIL = 'tests@gfa.invalid';
}

export default function setup(): void {
  gitIdentity();
  installRsync();
  installGh();
  installPythonGitlab();
}
