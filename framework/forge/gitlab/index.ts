/**
 * @module The GitLab forge adapters: {@link gitlabForge} (CLI side: deploy, trigger, doctor, with
 * `@gitbeaker/rest`), {@link gitlabClientForge} (browser side, `fetch` only), and what the CLI
 * commands dispatch to with `--forge gitlab`.
 */
export { gitlabForge } from './forge.ts';
export { gitlabClientForge, type GitlabClientOptions } from './client.ts';
export type { GitlabOptions } from './api.ts';
export { gitlabDeploy, gitlabDoctor, gitlabTrigger, type GitlabCliOptions } from './cli.ts';
