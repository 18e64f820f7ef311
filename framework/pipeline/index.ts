/** @module Pipeline generation: GitHub Actions workflows and GitLab CI from the app manifest. */
import type { Manifest } from '../app/manifest.ts';
import { generateGithub } from './github.ts';
import { generateGitlab } from './gitlab.ts';
import { toModel, type GeneratedFile } from './model.ts';

export { generateGithub } from './github.ts';
export { generateGitlab } from './gitlab.ts';
export { lintSchedules } from './lint.ts';
export { auditWorkflow, auditGitlab, type Finding } from './audit.ts';
export { toModel, EVENT_TYPES, HEADER } from './model.ts';
export type { GeneratedFile, PipelineGenerator, PipelineJob, PipelineModel } from './model.ts';

/**
 * Every pipeline file for the app, paths relative to the repo root, in a stable order:
 * `.github/workflows/gfa-<job>.yml` per job, `gfa-pages.yml` with Pages, then `.gitlab-ci.yml`.
 * Throws `E_PIPELINE` when the manifest holds a name YAML must not carry. `appDir`: where the app is
 * inside the repository, for a repository that holds more than the app (default: the app is the repo).
 */
export function generatePipelines(manifest: Manifest, options: { appDir?: string; include?: string[] } = {}): GeneratedFile[] {
  const model = toModel(manifest, options);
  return [...generateGithub(model), ...generateGitlab(model)];
}
