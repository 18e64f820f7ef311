/** The startup banner of `gfa dev --as gitlab`. */
import type { GitlabDev } from './server.ts';

/**
 * What to print when the emulator is up: where it listens and the exact commands to deploy to it.
 * The token shown is the emulator's own local owner token (a test credential, valid only here).
 */
export function gitlabDevBanner(dev: Pick<GitlabDev, 'url' | 'apiUrl' | 'pagesUrl' | 'token' | 'project'>, appDir = '.'): string {
  return [
    'gfa dev --as gitlab: a GitLab-shaped test double on this machine (not GitLab)',
    `  instance   ${dev.url}  (API ${dev.apiUrl})`,
    `  project    ${dev.project}  (git: ${dev.url}/${dev.project}.git)`,
    `  pages      ${dev.pagesUrl}  (published by the project's pages job)`,
    `  deploy     GITLAB_URL=${dev.url} GITLAB_TOKEN=${dev.token} gfa deploy ${appDir} --forge gitlab --repo ${dev.project} --passphrase-file FILE`,
    '  pipelines run with gitlab-ci-local (shell executor); Ctrl-C stops.',
  ].join('\n');
}
