import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../../framework/build/index.ts';

const run = promisify(execFile);

// Like a JavaScript GitHub Action's dist/, the app's bundles and pipelines are committed: a repo made
// from this app runs `node dist/jobs/<job>.mjs` with no install step. They must match the sources.
describe('apps/rss-reader committed build', () => {
  it('dist/ and the pipeline files are what gfa build makes now (else run: npx gfa build apps/rss-reader)', async () => {
    const appDir = resolve(import.meta.dirname, '../../../apps/rss-reader');
    const report = await buildApp(appDir, { check: true, log: () => {} });
    // `npm start` (run by another test) rebuilds the app in place, which would hide a stale commit
    // from the check above: so the files must also be the committed ones, when this is a checkout.
    const root = await run('git', ['rev-parse', '--show-toplevel'], { cwd: appDir }).then((r) => r.stdout.trim(), () => undefined);
    if (root === undefined) return;
    const stale: string[] = [];
    for (const file of report.files) {
      const path = relative(root, resolve(appDir, file)).split('\\').join('/');
      const committed = await run('git', ['show', `HEAD:${path}`], { cwd: root, maxBuffer: 64 * 1024 * 1024, encoding: 'buffer' }).then((r) => r.stdout as Buffer, () => undefined);
      if (!committed?.equals(readFileSync(resolve(appDir, file)))) stale.push(path);
    }
    expect(stale, 'rebuilt but not committed: commit them').toEqual([]);
  });
});
