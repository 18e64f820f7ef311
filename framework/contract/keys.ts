/** The data branch's key syntax (re-exported by ../contract.ts). */

/** Keys of the data branch: `a/b/c.json`; no empty, `.` or `..` segments, no leading or trailing `/`. */
export const KEY_PATTERN = /^(?!.*(?:^|\/)\.{1,2}(?:\/|$))[^/\0\n\r]+(?:\/[^/\0\n\r]+)*$/;
