/** Loading an app's gfa.config.ts: an error names the app's own file that caused it, never the temporary bundle. */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadApp } from '../../framework/app/load.ts';
import { copyCounter, GFA_BIN, runProgram } from '../build/helpers/fixture.ts';

let app: Awaited<ReturnType<typeof copyCounter>>;
let config: string;
beforeAll(async () => {
  app = await copyCounter();
  config = await readFile(join(app.dir, 'gfa.config.ts'), 'utf8');
});
beforeEach(async () => {
  await writeFile(join(app.dir, 'gfa.config.ts'), config);
});
afterAll(async () => {
  await app?.cleanup();
});

/** The config with `import './jobs/<file>'` first. */
const importing = (file: string): Promise<void> => writeFile(join(app.dir, 'gfa.config.ts'), `import './jobs/${file}';\n${config}`);

async function loadError(): Promise<string> {
  try {
    await loadApp(app.dir);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('the config loaded');
}

describe('loading gfa.config.ts', () => {
  it('names the file that imports a package that is not installed', async () => {
    const { mkdir } = await import('node:fs/promises');
    await mkdir(join(app.dir, 'jobs'), { recursive: true });
    await writeFile(join(app.dir, 'jobs/counter.ts'), "import leftPad from 'left-pad-nope';\nexport const pad = (s: string): string => leftPad(s, 3);\n");
    await importing('counter.ts');
    const message = await loadError();
    expect(message).toBe(`cannot load gfa.config.ts: jobs/counter.ts imports "left-pad-nope", which is not installed in ${app.dir}: add it to package.json and run npm install`);
    expect(message).not.toContain('.cache');
  });

  // Through the CLI, as a user meets it: under vitest, imports go through its module runner, whose
  // stacks are not Node's.
  it('names the file and line of an error thrown while the app loads', async () => {
    await writeFile(join(app.dir, 'jobs/boom.ts'), "export const x = 1;\nthrow new Error('boom at load');\n");
    await importing('boom.ts');
    const r = await runProgram(GFA_BIN, ['build', '--no-typecheck', app.dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('gfa: cannot load gfa.config.ts: boom at load (jobs/boom.ts:2)\n');
  });
});
