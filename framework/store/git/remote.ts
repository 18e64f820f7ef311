/** What kind of remote a store talks to, from its URL or path. */
import { isAbsolute, resolve } from 'node:path';

/** A path remote becomes absolute (git runs elsewhere); URLs and scp-style remotes stay as they are. */
export function normalizeRemote(remote: string): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(remote) || /^[^/\\]+@[^/\\:]+:/.test(remote)) return remote;
  return isAbsolute(remote) ? remote : resolve(remote);
}

/** True for http(s) URLs (smart HTTP), as opposed to paths and `file://` (a local process). */
export function isHttpRemote(remote: string): boolean {
  return /^https?:\/\//i.test(remote);
}

/** True for remotes we speak git's protocol to in-process: paths, `file://` and http(s) URLs (not ssh). */
export function speaksUploadPack(remote: string): boolean {
  return /^(https?|file):\/\//i.test(remote) || !/^[a-z][a-z0-9+.-]*:\/\/|^[^/\\]+@[^/\\:]+:/i.test(remote);
}

/**
 * The deepest `tree:<depth>` filter a known forge allows, so the first fetch need not be refused:
 * github.com allows only `tree:0`. Other servers: no known limit (a refusal is learnt from).
 */
export function knownTreeDepthLimit(remote: string): number {
  return /^https?:\/\/([^/@]*@)?(www\.)?github\.com[:/]/i.test(remote) ? 0 : Number.POSITIVE_INFINITY;
}
