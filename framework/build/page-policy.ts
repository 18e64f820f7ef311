/**
 * The one Content-Security-Policy of an app's pages (Pages sites cannot set headers, so it is a
 * `<meta>` tag), written by `gfa build` into every HTML file of `dist/pages/`: an app's own HTML carries
 * no copy of it.
 */

/** The forge APIs a page talks to: the page reads the data branch and starts jobs there. */
export const FORGE_API_ORIGINS = ['https://api.github.com', 'https://gitlab.com'] as const;

/**
 * The CSP: scripts only from the site itself, `'wasm-unsafe-eval'` because libsodium (Argon2id)
 * compiles WebAssembly, requests only to the site and the forge APIs (`connect` adds a self-managed
 * GitLab or GitHub Enterprise origin), no plugins, no framing of other sites' content. `media` (the
 * app's `pages.media`) adds `media-src` sources; without it media come from the site only.
 */
export function contentSecurityPolicy(connect: readonly string[] = FORGE_API_ORIGINS, media: readonly string[] = []): string {
  return [
    "default-src 'self'",
    ...(media.length > 0 ? [`media-src 'self' ${media.join(' ')}`] : []),
    "script-src 'self' 'wasm-unsafe-eval'",
    "worker-src 'self' blob:",
    `connect-src 'self'${connect.map((c) => ` ${c}`).join('')}`,
    "img-src 'self' data:",
    "style-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
  ].join('; ');
}

const escapeAttr = (s: string): string => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
const EXISTING = /<meta\s+http-equiv=["']?Content-Security-Policy["']?[^>]*>\s*/gi;

/**
 * `html` with the policy at the top of `<head>`, after `<meta charset>` when there is one (any CSP meta
 * the source had is removed, so the framework's is the only one).
 */
export function withPolicy(html: string, policy: string = contentSecurityPolicy()): string {
  const meta = `<meta http-equiv="Content-Security-Policy" content="${escapeAttr(policy)}">`;
  const stripped = html.replace(EXISTING, '');
  const anchor = /<meta\s+charset=[^>]*>/i.exec(stripped) ?? /<head(\s[^>]*)?>/i.exec(stripped);
  if (!anchor) return `${meta}\n${stripped}`;
  const at = anchor.index + anchor[0].length;
  return `${stripped.slice(0, at)}\n${meta}${stripped.slice(at)}`;
}
