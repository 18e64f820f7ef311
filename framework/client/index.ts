/** @module gfa/client: the browser SDK. Trigger jobs, await results, read (and decrypt) the data branch. No Node built-ins. */
export { connect, connectFromPage, settingsFromPagesUrl } from './connect.ts';
export { githubClientForge, type GithubClientOptions } from '../forge/github/client.ts';
export { createClient, randomRequestId } from './client.ts';
export { localForge } from './local.ts';
export { contentSecurityPolicy, pageTemplate, type PageTemplateOptions } from './page.ts';
export type {
  Client,
  ClientForge,
  ConnectOptions,
  Head,
  TriggeredJob,
  TriggerOptions,
  TriggerRequest,
  UnlockedSecrets,
  UnlockOptions,
} from './types.ts';
export { GfaError, isGfaError, type GfaErrorCode } from '../errors.ts';
