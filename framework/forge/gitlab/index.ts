/**
 * @module The GitLab forge adapters: {@link gitlabForge} (CLI side: deploy, trigger, doctor, with
 * `@gitbeaker/rest`) and {@link gitlabClientForge} (browser side, `fetch` only).
 */
export { gitlabForge } from './forge.ts';
export { gitlabClientForge, type GitlabClientOptions } from './client.ts';
export type { GitlabOptions } from './api.ts';
