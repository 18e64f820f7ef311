/** `gfa init [DIR]`: a new app from a template, named after its folder. */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { GfaError } from '../../errors.ts';
import { defineCommand } from '../command.ts';

function gfaResolvesFrom(dir: string): boolean {
  try {
    createRequire(join(dir, 'package.json')).resolve('gfa/package.json');
    return true;
  } catch {
    return false;
  }
}

/** Builds the new app; a template whose own dependencies are not installed yet builds after npm install. */
async function build(dir: string, say: (line: string) => void): Promise<void> {
  const { buildApp } = await import('../../build/index.ts');
  try {
    const report = await buildApp(dir);
    say(`gfa init: built ${report.files.length} file(s) (dist/ and the pipelines)`);
  } catch (err) {
    say(`gfa init: not built yet (${(err as Error).message.split('\n')[0]}); npm install, then npm run build`);
  }
}

/** `dir` as a shell word: quoted when it holds anything but plain path characters. */
function quote(dir: string): string {
  return /^[\w@%+=:,./-]+$/.test(dir) ? dir : `'${dir.replace(/'/g, `'\\''`)}'`;
}

async function ask(question: string): Promise<string> {
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return (await rl.question(question)).trim();
  } finally {
    rl.close();
  }
}

// Not `export default defineCommand(...)`: tsc 5.9 leaves `.ts` in dynamic imports inside an
// `export default <expression>` (test/package/dist.test.ts checks the build).
const command = defineCommand({
  usage: 'init [DIR] [--template NAME] [--force]',
  help: 'Copies the template into DIR (a new or empty folder) and names the app after the folder. Needs no network: the templates ship with gfa, and gfa itself is packed into DIR/vendor/gfa-VERSION.tgz, which package.json depends on (gfa is not on the npm registry yet; once it is, npm install gfa@VERSION switches). Without DIR, asks for one when a terminal is attached.',
  options: {
    template: { type: 'string', valueName: 'NAME', description: 'basic (default: a scheduled and a triggered job, and a page) or rss-reader (the feed reader)' },
    force: { type: 'boolean', description: 'write into a folder that is not empty' },
  },
  async run({ values, positionals }) {
    if (positionals.length > 1) throw new GfaError('E_USAGE', 'gfa init takes one folder; see gfa init --help');
    const tty = process.stdin.isTTY === true && process.stderr.isTTY === true;
    let dir = positionals[0];
    if (dir === undefined && tty) dir = (await ask('Folder for the new app (e.g. my-app): ')) || undefined;
    if (dir === undefined) throw new GfaError('E_USAGE', 'gfa init needs a folder: gfa init my-app');
    const { scaffold } = await import('../../init/scaffold.ts');
    const { gfaVersion, vendorGfa, vendorPath } = await import('../../init/vendor.ts');
    const { resolve } = await import('node:path');
    const tarball = vendorPath(gfaVersion());
    const report = await scaffold(dir, { template: values.template, force: values.force, gfaTarball: tarball });
    await vendorGfa(resolve(dir));
    const say = (line: string): void => void process.stderr.write(`${line}\n`);
    say(`gfa init: ${report.template} template → ${dir} (${report.files.length} files), app "${report.name}"`);
    say(`gfa init: gfa itself is in ${tarball} (gfa is not on the npm registry yet); commit it with the app`);
    // Where gfa is already installed for the new folder (a parent's node_modules), build at once, so the
    // generated files are there to commit; elsewhere `npm install` comes first.
    if (gfaResolvesFrom(report.dir)) await build(report.dir, say);
    say('');
    say('Next steps:');
    say(`  cd ${quote(dir)}`);
    say(`  npm install               # gfa from ${tarball}, the rest from the npm registry`);
    say('  npm test                  # type check, build, and run each job against a scratch repository');
    say('  npm start                 # run it on this machine (gfa dev), no account needed; Ctrl-C stops it');
    say('  git init && git add -A && git commit -m "New gfa app"   # then push it to GitHub or GitLab, and:');
    say('  npx gfa deploy --forge github --repo OWNER/NAME   # or --forge gitlab --repo GROUP/NAME (README.md)');
  },
});

export default command;
