/** The page's localStorage, or undefined where there is none or it throws (sandboxed frames, disabled storage). */
export function localStore(): Storage | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    return undefined;
  }
}
