#!/usr/bin/env node
/**
 * `build` and `prepare`: compiles framework/ into dist/ with the TypeScript the package was installed with
 * (found by walking up node_modules, so it works in this repository's workspace, where npm puts no `tsc` on
 * the PATH of a script run from framework/, and in a git dependency's install). npm runs `prepare` between
 * `prepack` and `postpack`, and skips `postpack` when `prepare` fails: so on failure this removes the
 * templates `prepack` copied in, and a failed `npm pack` leaves the work tree as it found it.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { removeCopy } from './pack-templates.mjs';

const framework = resolve(dirname(fileURLToPath(import.meta.url)), '..');
let tsc;
try {
  tsc = createRequire(join(framework, 'package.json')).resolve('typescript/bin/tsc');
} catch {
  process.stderr.write('gfa build: typescript is not installed; run npm install in the repository first\n');
  removeCopy();
  process.exit(1);
}
const ran = spawnSync(process.execPath, [tsc, '-p', join(framework, 'tsconfig.build.json')], { stdio: 'inherit' });
if (ran.status !== 0) {
  removeCopy();
  process.exit(ran.status ?? 1);
}
