/**
 * @module Deterministic JSON for signing (issue 26): object keys sorted by UTF-16 code units, no
 * whitespace, strings and numbers as `JSON.stringify` writes them. The same value gives the same text
 * in the browser that signs and the job that verifies, whatever order its keys were written in.
 * Browser-safe.
 */
import { GfaError } from '../errors.ts';

/** Deepest nesting accepted: a hostile value cannot exhaust the stack. */
export const MAX_DEPTH = 64;

function write(value: unknown, depth: number): string {
  if (depth > MAX_DEPTH) throw new GfaError('E_INPUT', `the value nests deeper than ${MAX_DEPTH} levels`);
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new GfaError('E_INPUT', 'the value holds a number JSON cannot carry');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((v) => write(v, depth + 1)).join(',')}]`;
  if (typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${write(obj[k], depth + 1)}`).join(',')}}`;
  }
  throw new GfaError('E_INPUT', `the value holds a ${typeof value}, which JSON cannot carry`);
}

/** The canonical JSON text of `value`. Throws `E_INPUT` for values JSON cannot carry or that nest too deep. */
export function canonicalJson(value: unknown): string {
  return write(value, 0);
}
