/**
 * The emulated GitLab Pages site: what the last successful Pages job published (the folder named by
 * its `pages.publish`, default `public`; https://docs.gitlab.com/ci/yaml/#pages), served on its own
 * origin, as `https://<namespace>.gitlab.io/<project>/` is another origin than the API. Nothing is
 * added here: the generated pages job itself writes the page's forge settings.
 */
import { cp, readFile, rm, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { parseAllDocuments } from 'yaml';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png', '.wasm': 'application/wasm', '.txt': 'text/plain',
};

/** The Pages job of a `.gitlab-ci.yml` text and the folder it publishes, or undefined. */
export function pagesJobOf(ciYaml: string): { job: string; publish: string } | undefined {
  const docs = parseAllDocuments(ciYaml).map((d) => d.toJS() as Record<string, unknown> | null);
  for (const doc of docs) {
    for (const [name, job] of Object.entries(doc ?? {})) {
      const pages = (job as { pages?: unknown } | null)?.pages;
      if (pages === undefined || pages === false) {
        if (name !== 'pages') continue;
      }
      const publish = typeof pages === 'object' && pages !== null ? (pages as { publish?: unknown }).publish : undefined;
      return { job: name, publish: typeof publish === 'string' ? publish.replace(/^\/+|\/+$/g, '') : 'public' };
    }
  }
  return undefined;
}

/** Replaces the site with the folder `from` (the Pages job's output). */
export async function publishPages(from: string, siteDir: string): Promise<void> {
  await rm(siteDir, { recursive: true, force: true });
  await cp(from, siteDir, { recursive: true });
}

/** Answers `GET <path>` of the Pages site. */
export async function pagesResponse(siteDir: string, pathname: string): Promise<Response> {
  let file: string;
  try {
    file = normalize(join(siteDir, decodeURIComponent(pathname)));
  } catch {
    return new Response('Bad Request', { status: 400 });
  }
  if (file !== siteDir && !file.startsWith(siteDir + sep)) return new Response('Not Found', { status: 404 });
  try {
    if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
    const bytes = await readFile(file);
    return new Response(new Uint8Array(bytes), { headers: { 'content-type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream', 'cache-control': 'max-age=600' } });
  } catch {
    return new Response('Not Found (has a Pages job run yet?)', { status: 404 });
  }
}
