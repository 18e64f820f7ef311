/** @module gfa: define an app (jobs, triggers, schedules, events) in `gfa.config.ts`. */
export { defineApp, defineJob, schedule, trigger, event, SUPPORTED_EVENTS } from './app/define.ts';
export type { InputOf } from './app/define.ts';
export type {
  AppDefinition,
  JobDefinition,
  JobContext,
  JobKv,
  JobLog,
  TriggerInfo,
  OnSpec,
  ScheduleSpec,
  TriggerSpec,
  EventSpec,
  StandardSchemaV1,
  StandardSchemaIssue,
  StandardSchemaResult,
  InferOutput,
  SessionSettings,
} from './app/types.ts';
export type { Manifest, ManifestJob } from './app/manifest.ts';
export type { JobResult } from './contract.ts';
export { GfaError, isGfaError } from './errors.ts';
export type { GfaErrorCode } from './errors.ts';
