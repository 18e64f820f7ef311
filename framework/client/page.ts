/** A page template whose `<meta>` Content-Security-Policy allows exactly what the client SDK needs (Pages sites cannot set headers). */

/** Options of {@link pageTemplate}. */
export interface PageTemplateOptions {
  title: string;
  /** Module script URL, relative to the page. @default "./main.js" */
  script?: string;
  /** Extra `connect-src` origins: the forge API (e.g. `https://api.github.com`, `https://gitlab.com`). */
  connect?: string[];
  /** Extra markup inside `<body>` before the script. */
  body?: string;
}

/**
 * The CSP: scripts only from the site itself, `'wasm-unsafe-eval'` because libsodium (Argon2id)
 * compiles WebAssembly, requests only to the site and the forge API, no plugins, no framing.
 */
export function contentSecurityPolicy(connect: string[] = []): string {
  return [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    `connect-src 'self'${connect.map((c) => ` ${c}`).join('')}`,
    "img-src 'self' data:",
    "style-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
  ].join('; ');
}

const escapeHtml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A complete HTML page for an app's frontend. */
export function pageTemplate(o: PageTemplateOptions): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(contentSecurityPolicy(o.connect))}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(o.title)}</title>
</head>
<body>
${o.body ?? ''}
<script type="module" src="${escapeHtml(o.script ?? './main.js')}"></script>
</body>
</html>
`;
}
