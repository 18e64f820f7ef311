/** @module Access policies: parsing and checking. */
export { parsePolicy, parsePolicies, expand, OPERATIONS, type Operation, type Policy } from './parse.ts';
export { allows, RESERVED_PREFIXES } from './allows.ts';
