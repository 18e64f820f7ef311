/** @module The one error type, re-exported so app code has a single import for it. */
export { GfaError } from 'gfa';
