import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../../framework/build/index.ts';

// Like a JavaScript GitHub Action's dist/, the app's bundles and pipelines are committed: a repo made
// from this app runs `node dist/jobs/<job>.mjs` with no install step. They must match the sources.
describe('apps/rss-reader committed build', () => {
  it('dist/ and the pipeline files are what gfa build makes now (else run: npx gfa build apps/rss-reader)', async () => {
    const appDir = resolve(import.meta.dirname, '../../../apps/rss-reader');
    await expect(buildApp(appDir, { check: true, log: () => {} })).resolves.toBeDefined();
  });
});
