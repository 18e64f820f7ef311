/**
 * Doctor's storage figures on GitLab: `statistics.repository_size` (bytes) of
 * `GET /projects/:id?statistics=true` (Reporter+, https://docs.gitlab.com/api/projects/#get-a-single-project)
 * and the built site on disk; GitLab's tree API gives no file sizes, so the data branch's own size is
 * not shown. Limits: ../doctor-storage.ts.
 */
import { join } from 'node:path';
import type { Manifest } from '../../app/manifest.ts';
import { folderBytes, GITLAB_STORAGE, storageChecks } from '../doctor-storage.ts';
import { storageGrowth } from '../doctor-growth.ts';
import type { Check } from '../types.ts';
import type { GitlabApi } from './api.ts';

/** The `storage`, `storage-growth` and `pages-size` checks. */
export async function gitlabStorageChecks(gl: GitlabApi, m: Manifest, appDir: string): Promise<Check[]> {
  const p = await gl.read('reading the project statistics', () => gl.api.Projects.show(gl.project, { statistics: true }) as Promise<{ statistics?: { repository_size?: number } }>, true).catch(() => undefined);
  const repoBytes = p?.statistics?.repository_size;
  const [storage, ...rest] = storageChecks({
    repoBytes,
    history: m.store.history === 'keep' ? 'keep' : 'squash',
    ...(m.pages ? { pagesBytes: await folderBytes(join(appDir, 'dist', 'pages')) } : {}),
  }, GITLAB_STORAGE);
  return [storage!, ...(await storageGrowth(appDir, `gitlab:${String(gl.project)}`, repoBytes, GITLAB_STORAGE)), ...rest];
}
