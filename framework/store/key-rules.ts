/** Key validation shared by every driver and the store API. */
import { GfaError } from '../errors.ts';
import { KEY_PATTERN } from './types.ts';

/**
 * Paths git or the forges treat specially: a `.git`, `.gitmodules` or `.gitattributes` segment (any
 * case, as git itself compares them), anything under `.github/` and a root `.gitlab-ci.yml`.
 */
const RESERVED = /(?:^|\/)\.git(?:modules|attributes)?(?:\/|$)|^\.github(?:\/|$)|^\.gitlab-ci\.yml$/i;

/** Throws GfaError('E_USAGE') unless `key` is a valid key. */
export function checkKey(key: string): void {
  if (typeof key !== 'string' || !KEY_PATTERN.test(key)) {
    throw new GfaError('E_USAGE', `invalid key ${JSON.stringify(key)}: keys are /-separated paths with no empty, . or .. segments`);
  }
  if (RESERVED.test(key)) {
    throw new GfaError('E_USAGE', `invalid key ${JSON.stringify(key)}: git and the forges treat .git, .gitmodules, .gitattributes, .github/ and a root .gitlab-ci.yml specially; choose another name`);
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
