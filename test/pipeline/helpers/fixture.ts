/** The pipeline tests' fixture manifest (the counter app's jobs) and generated files. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Manifest } from '../../../framework/app/manifest.ts';

/** Folder of the hand-made built app: dist/gfa.json, dist/jobs/*.mjs, dist/pages. */
export const APP_DIR = fileURLToPath(new URL('../../fixtures/pipeline-app/', import.meta.url));

/** A fresh copy of the fixture manifest. */
export function fixtureManifest(): Manifest {
  return JSON.parse(readFileSync(fileURLToPath(new URL('../../fixtures/pipeline-manifest/gfa.json', import.meta.url)), 'utf8')) as Manifest;
}
