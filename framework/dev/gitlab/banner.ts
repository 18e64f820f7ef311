/** The startup banner of `gfa dev --as gitlab`, and the owner token file it names. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { GitlabDev } from './server.ts';

/**
 * Writes the emulator's owner token (a local test credential, valid only on this emulator) to
 * `APP_DIR/.gfa/local/gitlab/owner-token` (mode 0600, git-ignored) and returns the file's path.
 */
export async function writeGitlabTokenFile(appDir: string, token: string): Promise<string> {
  const dir = join(resolve(appDir), '.gfa', 'local', 'gitlab');
  await mkdir(dir, { recursive: true });
  await writeFile(join(resolve(appDir), '.gfa', 'local', '.gitignore'), '# local state of gfa run / gfa dev: never commit\n*\n');
  const file = join(dir, 'owner-token');
  await writeFile(file, `${token}\n`, { mode: 0o600 });
  return file;
}

/** What to print when the emulator is up: where it listens and the exact commands to deploy to it; never a token. */
export function gitlabDevBanner(dev: Pick<GitlabDev, 'url' | 'apiUrl' | 'pagesUrl' | 'project' | 'runnerStartMs'>, tokenFile: string, appDir = '.'): string {
  return [
    'gfa dev --as gitlab: a GitLab-shaped test double on this machine (not GitLab)',
    `  instance   ${dev.url}  (API ${dev.apiUrl})`,
    `  project    ${dev.project}  (git: ${dev.url}/${dev.project}.git)`,
    `  pages      ${dev.pagesUrl}  (published by the project's pages job)`,
    `  export GITLAB_URL=${dev.url}`,
    `  export GITLAB_TOKEN=$(cat ${tokenFile})`,
    `  then       gfa deploy ${appDir} --forge gitlab --repo ${dev.project} --passphrase-file FILE`,
    `  pipelines run with gitlab-ci-local (shell executor), ${dev.runnerStartMs / 1000} s after a trigger, push or schedule (--runner-start), as a runner would; Ctrl-C stops.`,
  ].join('\n');
}
