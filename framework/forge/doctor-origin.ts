/**
 * doctor's `pages-origin` check, the same words on every forge: a Pages site without an origin of its
 * own shares it with every other site of the owner (`OWNER.github.io`; on GitLab `NAMESPACE.gitlab.io`
 * unless the project has a unique domain), so any page in another of the owner's repositories runs
 * with this app's origin: it can read the app's localStorage (only ciphertext, and the head counter
 * that detects a rollback) and, were the page unlocked in the same tab, its memory. The client refuses
 * to unlock in a frame or a window another page opened; an origin of its own closes the rest.
 */
import type { Check } from './types.ts';

/** The check from what the forge says of the site. */
export function pagesOriginCheck(site: { url?: string; ownOrigin: boolean; how: string }): Check {
  if (site.ownOrigin) return { id: 'pages-origin', status: 'ok', message: `the Pages site has an origin of its own (${site.how})` };
  return {
    id: 'pages-origin',
    status: 'warn',
    message: `the Pages site${site.url ? ` ${site.url}` : ''} shares its origin with the owner's other Pages sites, whose pages could then read this app's browser storage; ${site.how}`,
  };
}
