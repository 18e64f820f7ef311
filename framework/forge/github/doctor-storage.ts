/**
 * Doctor's storage figures on GitHub: the repository's `size` (kilobytes, `GET /repos/{o}/{r}`), the
 * data branch's files from its recursive tree (`GET .../git/trees/{branch}?recursive=1`, blob `size`
 * in bytes, https://docs.github.com/en/rest/git/trees), and the built site on disk. Limits: ../doctor-storage.ts.
 */
import { join } from 'node:path';
import type { Manifest } from '../../app/manifest.ts';
import { folderBytes, GITHUB_STORAGE, storageChecks } from '../doctor-storage.ts';
import { storageGrowth } from '../doctor-growth.ts';
import type { Check } from '../types.ts';
import type { GithubApi } from './octokit.ts';

/** The `storage`, `storage-growth` and `pages-size` checks. */
export async function githubStorageChecks(api: GithubApi, t: { owner: string; repo: string }, m: Manifest, appDir: string, repoKb: number | undefined): Promise<Check[]> {
  const repoBytes = repoKb === undefined ? undefined : repoKb * 1024;
  const tree = await api.octokit.git.getTree({ ...t, tree_sha: m.store.branch, recursive: 'true' }).then((r) => r.data, () => undefined);
  const blobs = tree?.tree.filter((e) => e.type === 'blob') ?? [];
  const [storage, ...rest] = storageChecks({
    repoBytes,
    ...(tree && !tree.truncated ? { dataBytes: blobs.reduce((a, e) => a + (e.size ?? 0), 0), dataFiles: blobs.length } : {}),
    history: m.store.history === 'keep' ? 'keep' : 'squash',
    ...(m.pages ? { pagesBytes: await folderBytes(join(appDir, 'dist', 'pages')) } : {}),
  }, GITHUB_STORAGE);
  return [storage!, ...(await storageGrowth(appDir, `github:${t.owner}/${t.repo}`, repoBytes, GITHUB_STORAGE)), ...rest];
}
