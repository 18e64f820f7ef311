/** @module `gfa dev --as gitlab`: the GitLab emulator (a test double of GitLab's documented REST API, git and pipelines). */
export { startGitlabDev, type GitlabDev, type GitlabDevOptions } from './server.ts';
export { gitlabDevBanner } from './banner.ts';
