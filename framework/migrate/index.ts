/** @module `gfa migrate`'s programmatic API: move an app between forge repositories. */
export { migrate, type MigrateInput, type MigrateReport } from './migrate.ts';
export { checkPair, label, MIGRATE_FORGES } from './targets.ts';
export type { CopyOutcome } from './copy.ts';
export type { CopyCheck } from './verify.ts';
