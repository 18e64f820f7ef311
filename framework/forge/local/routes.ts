/**
 * The endpoints of `gfa dev` that the `local` adapter calls: one list, read by the adapter and by the
 * dev server that answers them.
 */
import { KEYS_FILE_PATH } from '../../contract.ts';

/** Path of each endpoint (a trailing `/` marks a prefix). */
export const LOCAL_ROUTES = {
  /** GET: the data branch head (`{ sha }`, ETag; 304 when unchanged; 404 before the first write). */
  head: '/api/head',
  /** POST: start a job (`Authorization: Bearer <trigger credential>`, body `{ job, requestId, input }`). */
  trigger: '/api/trigger',
  /** POST: fire every schedule once. */
  tick: '/api/tick',
  /** GET: `.gfa/keys.json`. */
  keys: `/${KEYS_FILE_PATH}`,
  /** GET `<prefix><sha>/<path>`: a file at a commit. */
  file: '/api/file/',
  /** GET `<prefix><sha>?path=DIR`: the file paths under a folder at a commit. */
  tree: '/api/tree/',
  /** GET `<prefix><sha>`: a commit's tree and message (the signed head's `gfa-mac` trailer). */
  commit: '/api/commit/',
} as const;
