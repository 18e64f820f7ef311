/** @module gfa/client: the browser SDK. Trigger jobs, await results, read (and decrypt) the data branch. No Node built-ins. */
export { connect, connectFromPage, settingsFromPagesUrl } from './connect.ts';
export { githubClientForge, type GithubClientOptions } from '../forge/github/client.ts';
export { createClient } from './client.ts';
export { newRequestId, type JobResult } from '../contract.ts';
export { localForge } from '../forge/local/client.ts';
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
