/**
 * What users install: `npm pack` of framework/, installed into an empty folder outside the repo with
 * npm (from the local cache where it can), then used with plain `node` and the `gfa` bin: no
 * TypeScript loader, no workspace link. A two-job app written there builds and runs a job.
 */
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import type { JobResult } from '../../framework/contract.ts';
import { auditGitlab, auditWorkflow } from '../../framework/pipeline/audit.ts';
import { gitlabSchemaErrors, workflowParserErrors } from '../pipeline/helpers/validate.ts';
import { bareRepo, readKey, runProgram, type Ran } from '../build/helpers/fixture.ts';
import { freshClone } from './helpers/clone.ts';

const FRAMEWORK = resolve(import.meta.dirname, '../../framework');
const NPM_ENV = { npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };

const APP: Record<string, string> = {
  'gfa.config.ts': `
    import { defineApp } from 'gfa';
    import tick from './jobs/tick.ts';
    import echo from './jobs/echo.ts';
    export default defineApp({ name: 'packed', jobs: { tick, echo } });
  `,
  'jobs/tick.ts': `
    import { defineJob, schedule } from 'gfa';
    export default defineJob({
      on: [schedule('0 * * * *')],
      run: async (ctx) => {
        const n = Number((await ctx.kv.get('ticks')) ?? 0) + 1;
        ctx.kv.set('ticks', String(n));
        return { n };
      },
    });
  `,
  'jobs/echo.ts': `
    import { defineJob, trigger, type StandardSchemaV1 } from 'gfa';
    /** A hand-written Standard Schema (https://standardschema.dev): { say: string }. */
    const input: StandardSchemaV1<{ say: string }> = {
      '~standard': {
        version: 1 as const,
        vendor: 'packed',
        validate: (v: unknown) => typeof (v as { say?: unknown })?.say === 'string'
          ? { value: v as { say: string } }
          : { issues: [{ message: 'say must be a string', path: ['say'] }] },
      },
    };
    export default defineJob({
      on: [trigger({ input })],
      run: (ctx) => {
        ctx.kv.set('said', ctx.input.say);
        return { echoed: ctx.input.say };
      },
    });
  `,
};

let base: string;
let dir: string;
let clone: Awaited<ReturnType<typeof freshClone>> | undefined;

async function ok(ran: Promise<Ran>): Promise<Ran> {
  const r = await ran;
  expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
  return r;
}

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'gfa-tarball-'));
  dir = join(base, 'app');
  await mkdir(dir);
  // The real lifecycle (prepack, prepare, postpack), in a fresh clone so no other test sees its steps.
  clone = await freshClone();
  const packed = await runProgram('npm', ['pack', '--json', '--pack-destination', base], { cwd: join(clone.root, 'framework'), env: NPM_ENV });
  expect(packed.code, packed.stderr).toBe(0);
  const [info] = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[];
  const shipped = info?.files.map((f) => f.path) ?? [];
  expect(shipped.filter((p) => !p.startsWith('dist/') && !p.startsWith('templates/') && p !== 'README.md').sort()).toEqual(['cli/bin.mjs', 'package.json']);
  expect(shipped).toContain('templates/basic/gfa.config.ts');
  expect(shipped).toContain('templates/rss-reader/gfa.config.ts');
  expect(shipped.filter((p) => /^templates\/[^/]+\/(dist|node_modules|\.gfa)\//.test(p))).toEqual([]);
  expect(shipped).toContain('dist/index.d.ts');
  expect(shipped.filter((p) => p.endsWith('.ts') && !p.endsWith('.d.ts') && !p.startsWith('templates/'))).toEqual([]);
  await writeFile(join(dir, 'package.json'), '{ "name": "packed-app", "private": true, "type": "module" }\n');
  await ok(runProgram('npm', ['install', '--prefer-offline', '--no-package-lock', join(base, info!.filename)], { cwd: dir, env: NPM_ENV }));
  for (const [path, text] of Object.entries(APP)) {
    await mkdir(join(dir, path, '..'), { recursive: true });
    await writeFile(join(dir, path), text);
  }
}, 600_000);
afterAll(async () => {
  await clone?.cleanup();
  await rm(base, { recursive: true, force: true });
});

describe('the packed gfa, installed into an empty folder', () => {
  it('installs no TypeScript loader and imports gfa, gfa/client and gfa/store with plain node', async () => {
    const installed = await readdir(join(dir, 'node_modules'));
    expect(installed).not.toContain('tsx');
    const script = "const [a, c, s] = await Promise.all([import('gfa'), import('gfa/client'), import('gfa/store')]); console.log(typeof a.defineApp, typeof c.connect, typeof s.openStore);";
    const r = await ok(runProgram(process.execPath, ['--input-type=module', '-e', script], { cwd: dir }));
    expect(r.stdout.trim()).toBe('function function function');
  });

  it('runs npx gfa --help', async () => {
    const r = await ok(runProgram('npx', ['--no-install', 'gfa', '--help'], { cwd: dir, env: NPM_ENV }));
    expect(r.stdout).toContain('Usage: gfa <command>');
    expect(r.stdout).toMatch(/build\s+build the app/);
  });

  it('builds a two-job app with npx gfa build and runs each job', async () => {
    await ok(runProgram('npx', ['--no-install', 'gfa', 'build'], { cwd: dir, env: NPM_ENV }));
    const manifest = JSON.parse(await readFile(join(dir, 'dist/gfa.json'), 'utf8')) as { jobs: Record<string, unknown> };
    expect(Object.keys(manifest.jobs).sort()).toEqual(['echo', 'tick']);
    // Each job's bundle carries only its job.
    expect(await readFile(join(dir, 'dist/jobs/tick.mjs'), 'utf8')).toContain('"ticks"');
    expect(await readFile(join(dir, 'dist/jobs/echo.mjs'), 'utf8')).not.toContain('"ticks"');

    const repo = await bareRepo(base);
    const r = await ok(runProgram('npx', ['--no-install', 'gfa', 'run', 'echo', '--no-build', '--remote', repo, '--request-id', 'packed-1', '--input', '{"say":"hi"}'], { cwd: dir, env: NPM_ENV }));
    expect(r.stderr).toContain('ok');
    expect(await readKey(repo, 'said')).toBe('hi');
    expect(JSON.parse((await readKey(repo, 'results/packed-1')) ?? '{}') as JobResult).toMatchObject({ job: 'echo', status: 'ok', output: { echoed: 'hi' } });

    // The scheduled job, as CI runs it: the committed bundle with plain node.
    await ok(runProgram(process.execPath, ['dist/jobs/tick.mjs'], { cwd: dir, env: { GFA_REMOTE: repo, GFA_TRIGGER: 'schedule', GFA_SCHEDULE: '0 * * * *' } }));
    expect(await readKey(repo, 'ticks')).toBe('1');
  });
});

describe('gfa init from the packed gfa', () => {
  it.each(['basic', 'rss-reader'])('scaffolds %s, which builds, checks and runs its triggered job against a bare remote', async (template) => {
    const name = `new-${template}`;
    // The reader's own dependency, as `npm install` in the new app would bring it (from the local cache).
    if (template === 'rss-reader') await ok(runProgram('npm', ['install', '--prefer-offline', '--no-package-lock', '--no-save', 'fast-xml-parser@5.12.1'], { cwd: dir, env: NPM_ENV }));
    const init = await ok(runProgram('npx', ['--no-install', 'gfa', 'init', name, '--template', template], { cwd: dir, env: NPM_ENV }));
    expect(init.stderr).toContain(`app "${name}"`);
    const app = join(dir, name);
    // The installed gfa packs itself into the new app, as the gfa of a clone of this repository does.
    const vendored = await runProgram('tar', ['-tzf', join(app, 'vendor/gfa-0.1.0.tgz')]);
    expect(vendored.stdout.split('\n')).toEqual(expect.arrayContaining(['package/package.json', 'package/dist/index.js', 'package/cli/bin.mjs', 'package/templates/basic/gfa.config.ts']));
    // The packed template is the app itself (for rss-reader: apps/rss-reader), named after its folder.
    const source = resolve(FRAMEWORK, '..', template === 'basic' ? 'templates/basic' : 'apps/rss-reader', 'gfa.config.ts');
    expect(await readFile(join(app, 'gfa.config.ts'), 'utf8')).toBe((await readFile(source, 'utf8')).replace(/name: '[a-z-]+'/, `name: '${name}'`));
    await ok(runProgram('npx', ['--no-install', 'gfa', 'build', '--check', name], { cwd: dir, env: NPM_ENV }));
    // Its pipelines validate and pass the audits, as the pipeline tests hold every generated file to.
    for (const file of await readdir(join(app, '.github/workflows'))) {
      const text = await readFile(join(app, '.github/workflows', file), 'utf8');
      expect(workflowParserErrors(file, text), file).toEqual([]);
      expect(auditWorkflow(parse(text)), file).toEqual([]);
    }
    const gitlab = parseAllDocuments(await readFile(join(app, '.gitlab-ci.yml'), 'utf8')).map((d) => d.toJSON());
    expect(gitlabSchemaErrors(gitlab[1])).toEqual([]);
    expect(auditGitlab(gitlab[1])).toEqual([]);
    await mkdir(join(base, template));
    const repo = await bareRepo(join(base, template)); // a data branch of its own, sealed with its own key
    const key = (await ok(runProgram('npx', ['--no-install', 'gfa', 'keygen'], { cwd: dir, env: NPM_ENV }))).stdout.trim();
    const [job, input, key1] = template === 'basic' ? ['greet', '{"name":"Ada"}', 'greetings/count'] : ['export-opml', '{}', undefined];
    const r = await ok(runProgram('npx', ['--no-install', 'gfa', 'run', job!, '--no-build', '--remote', repo, '--input', input!, name], { cwd: dir, env: { ...NPM_ENV, GFA_SECRET_KEY: key } }));
    expect(JSON.parse(r.stdout)).toMatchObject({ job, status: 'ok' });
    if (key1) expect(await readKey(repo, key1)).toBeDefined();
  }, 600_000);

  it('refuses a folder that is not empty with one line and exit 2', async () => {
    await mkdir(join(dir, 'taken'));
    await writeFile(join(dir, 'taken', 'notes.txt'), 'mine');
    const r = await runProgram('npx', ['--no-install', 'gfa', 'init', 'taken'], { cwd: dir, env: NPM_ENV });
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toMatch(/^gfa: taken is not empty; pick a new folder, or pass --force to write into it$/);
  });
});
