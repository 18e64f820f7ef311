/**
 * This repository as an app: the pipelines that run `apps/rss-reader` when someone forks this repository
 * or makes one from it, written at the root (`.github/workflows/gfa-*.yml`, `.gitlab-ci.yml`) from the
 * app's manifest, with the app's folder as their working directory. The root `.gitlab-ci.yml` also
 * includes the framework's own test job (`.gitlab/ci/framework.yml`); GitHub runs it from `ci.yml`.
 * Until `gfa deploy` has run, the app's jobs only leave a notice (no GFA_SECRET_KEY yet).
 *
 *   npm run build:root      (after `gfa build apps/rss-reader`; test/root-pipelines.test.ts checks them)
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Manifest } from '../framework/app/manifest.ts';
import { generatePipelines, type GeneratedFile } from '../framework/pipeline/index.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** The app this repository runs. */
export const ROOT_APP = 'apps/rss-reader';
/** The framework's own GitLab test job, included by the generated root `.gitlab-ci.yml`. */
export const FRAMEWORK_CI = '.gitlab/ci/framework.yml';

/** The root pipeline files, from the app's committed manifest. */
export function rootPipelines(root: string = ROOT): GeneratedFile[] {
  const manifest = JSON.parse(readFileSync(join(root, ROOT_APP, 'dist', 'gfa.json'), 'utf8')) as Manifest;
  return generatePipelines(manifest, { appDir: ROOT_APP, include: [FRAMEWORK_CI] });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const file of rootPipelines()) {
    mkdirSync(dirname(join(ROOT, file.path)), { recursive: true });
    writeFileSync(join(ROOT, file.path), file.content);
    process.stdout.write(`wrote ${file.path}\n`);
  }
}
