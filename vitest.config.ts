import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    globalSetup: ['test/setup/tools.ts', 'test/setup/framework.ts'],
    // The JSON report lets .ci/run print a plain 'N passed, N failed' line.
    reporters: ['default', ['json', { outputFile: 'node_modules/.cache/vitest-results.json' }]],
    server: { deps: { inline: ['@actions/workflow-parser', '@actions/expressions'] } },
  },
});
