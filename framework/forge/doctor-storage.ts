/**
 * Doctor's storage checks, for both forges: the repository's size against the forge's documented
 * recommendation and limit, the data branch's size (what a job fetches and a page reads), and the
 * built Pages site against the site size limit. Figures: framework/forge/FACTS.md ("Storage"):
 * GitHub recommends repositories "ideally less than 1 GB, and less than 5 GB is strongly recommended"
 * (https://docs.github.com/en/repositories/working-with-files/managing-large-files/about-large-files-on-github),
 * "Published GitHub Pages sites may be no larger than 1 GB"
 * (https://docs.github.com/en/pages/getting-started-with-github-pages/github-pages-limits); GitLab.com
 * limits a repository including LFS to 10 GB and a Pages site to 1 GB
 * (https://docs.gitlab.com/user/gitlab_com/, all read 2026-12-07).
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Check } from './types.ts';

const MB = 1_000_000;
const GB = 1_000 * MB;

/** One forge's figures. */
export interface StorageLimits {
  /** `GitHub`, `GitLab.com`. */
  forge: string;
  /** Above this a warning (a recommendation). */
  repoRecommended: number;
  /** A hard limit, or the size the forge strongly recommends staying under. */
  repoLimit: number;
  /** Largest Pages site. */
  pagesLimit: number;
}

export const GITHUB_STORAGE: StorageLimits = { forge: 'GitHub', repoRecommended: 1 * GB, repoLimit: 5 * GB, pagesLimit: 1 * GB };
export const GITLAB_STORAGE: StorageLimits = { forge: 'GitLab.com', repoRecommended: 5 * GB, repoLimit: 10 * GB, pagesLimit: 1 * GB };

const size = (b: number): string => (b >= GB ? `${(b / GB).toFixed(2)} GB` : b >= MB ? `${(b / MB).toFixed(1)} MB` : `${Math.ceil(b / 1000)} kB`);

/** Bytes of the files under `dir` (undefined when it does not exist). */
export async function folderBytes(dir: string): Promise<number | undefined> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => undefined);
  if (!entries) return undefined;
  let total = 0;
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) total += (await folderBytes(p)) ?? 0;
    else if (e.isFile()) total += (await stat(p)).size;
  }
  return total;
}

/** What doctor measured. */
export interface StorageFigures {
  /** The whole repository as the forge reports it. */
  repoBytes?: number;
  /** The data branch head's files (undefined when the forge does not say, or there is no branch yet). */
  dataBytes?: number;
  /** Files on the data branch. */
  dataFiles?: number;
  /** The store's history mode: `keep` grows the repository with every write, `squash` does not. */
  history: 'squash' | 'keep';
  /** `dist/pages` as built in the app folder. */
  pagesBytes?: number;
}

/** The `storage` check and, with a built site, `pages-size`. */
export function storageChecks(f: StorageFigures, l: StorageLimits): Check[] {
  const out: Check[] = [];
  const data = f.dataBytes === undefined ? '' : `; the data branch holds ${size(f.dataBytes)} in ${f.dataFiles ?? '?'} files`;
  const growth = f.history === 'keep' ? ' (history: keep, so every write adds to it; squash keeps only the head)' : ' (history: squash, so old versions are not kept)';
  if (f.repoBytes === undefined) out.push({ id: 'storage', status: 'ok', message: `the repository's size is not readable with this token${data}${growth}` });
  else {
    const head = `the repository is ${size(f.repoBytes)}${data}${growth}`;
    if (f.repoBytes >= l.repoLimit) out.push({ id: 'storage', status: 'error', message: `${head}: at or over ${l.forge}'s ${size(l.repoLimit)}; move old data out (squash history, fewer results kept) before pushes are refused` });
    else if (f.repoBytes >= l.repoRecommended) out.push({ id: 'storage', status: 'warn', message: `${head}: over the ${size(l.repoRecommended)} ${l.forge} recommends (limit ${size(l.repoLimit)}); use history: squash and keep fewer results` });
    else out.push({ id: 'storage', status: 'ok', message: `${head}, under the ${size(l.repoRecommended)} ${l.forge} recommends` });
  }
  if (f.pagesBytes !== undefined) {
    const over = f.pagesBytes > l.pagesLimit;
    const near = f.pagesBytes > 0.8 * l.pagesLimit;
    out.push({ id: 'pages-size', status: over ? 'error' : near ? 'warn' : 'ok', message: `the built site (dist/pages) is ${size(f.pagesBytes)} of the ${size(l.pagesLimit)} a ${l.forge} Pages site may be${over ? ': the deploy will fail; move large files out of web/' : ''}` });
  }
  return out;
}
