/** `gfa build [APP_DIR] [--check]`: bundle jobs and pages, write dist/gfa.json and the pipelines. */
import { GfaError } from '../../errors.ts';
import { defineCommand } from '../command.ts';

// Not `export default defineCommand(...)`: tsc 5.9 leaves `.ts` in dynamic imports inside an
// `export default <expression>` (test/package/dist.test.ts checks the build).
const command = defineCommand({
  usage: 'build [APP_DIR] [--check] [--no-typecheck]',
  help: "APP_DIR defaults to the current folder. First type-checks the app's TypeScript (its tsconfig.json), one line per problem. With --check nothing is written: exits non-zero naming the files that differ from a fresh build (use it in CI).",
  options: {
    check: { type: 'boolean', description: 'fail if the committed build is out of date instead of writing it' },
    'no-typecheck': { type: 'boolean', description: 'skip the type check (gfa dev and gfa run skip it too)' },
  },
  async run({ values, positionals }) {
    if (positionals.length > 1) throw new GfaError('E_USAGE', 'gfa build takes one APP_DIR; see gfa build --help');
    const { buildApp } = await import('../../build/index.ts');
    const report = await buildApp(positionals[0] ?? '.', {
      check: values.check === true,
      typecheck: values['no-typecheck'] !== true,
      log: (line) => process.stderr.write(`gfa build: ${line}\n`),
    });
    process.stderr.write(`gfa build: ${report.manifest.name}: ${report.files.length} file(s) in ${report.durationMs} ms\n`);
    return 0;
  },
});

export default command;
