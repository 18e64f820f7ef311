/** @module gfa/runtime: what runs inside a job bundle, and how to start one. */
export { main } from './main.ts';
export { runJob, openAppStore } from './run.ts';
export type { RunJobOptions, RuntimeStore, RuntimeStoreOptions } from './run.ts';
export { readTrigger } from './trigger.ts';
export type { RawTrigger } from './trigger.ts';
export { resolveRemote } from './remote.ts';
export { parseInput } from './input.ts';
export { createLog } from './log.ts';
export { ENV, MAX_INPUT_BYTES, REQUEST_ID_PATTERN, resultKey, newRequestId, isRequestId } from '../contract.ts';
export type { JobResult } from '../contract.ts';
