/** Key validation shared by every driver and the store API. */
import { GfaError } from '../errors.ts';
import { KEY_PATTERN } from './types.ts';

/** Throws GfaError('E_USAGE') unless `key` is a valid key. */
export function checkKey(key: string): void {
  if (typeof key !== 'string' || !KEY_PATTERN.test(key)) {
    throw new GfaError('E_USAGE', `invalid key ${JSON.stringify(key)}: keys are /-separated paths with no empty, . or .. segments`);
  }
}

/** Throws GfaError('E_USAGE') unless `prefix` is '' or a key prefix (a trailing `/` is allowed). */
export function checkPrefix(prefix: string): void {
  if (typeof prefix !== 'string') throw new GfaError('E_USAGE', 'list prefix must be a string');
  if (prefix === '') return;
  const body = prefix.endsWith('/') ? prefix.slice(0, -1) : prefix;
  if (!KEY_PATTERN.test(body)) {
    throw new GfaError('E_USAGE', `invalid prefix ${JSON.stringify(prefix)}: prefixes are /-separated paths with no empty, . or .. segments`);
  }
}
