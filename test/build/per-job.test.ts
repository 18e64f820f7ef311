/**
 * Each job's bundle carries only its job: a fixture app whose `heavy` job imports `yaml` and whose
 * `light` job does not, both in files of their own (imported through a `jobs/index.ts` that
 * re-exports them), plus one job written inline in the config.
 */
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../framework/build/index.ts';
import type { JobResult } from '../../framework/contract.ts';
import { ROOT, bareRepo, readKey, runBundle } from './helpers/fixture.ts';

const FILES: Record<string, string> = {
  'package.json': '{ "type": "module", "private": true }\n',
  'lib/schema.ts': `
    /** A hand-written Standard Schema: { text: string }. */
    export const textInput = {
      '~standard': {
        version: 1 as const,
        vendor: 'fixture',
        validate: (v: unknown) => typeof (v as { text?: unknown })?.text === 'string'
          ? { value: v as { text: string } }
          : { issues: [{ message: 'text must be a string', path: ['text'] }] },
      },
    };
  `,
  'jobs/heavy.ts': `
    import { parse } from 'yaml';
    import { defineJob, trigger } from 'gfa';
    import { textInput } from '../lib/schema.ts';
    export default defineJob({ on: [trigger({ input: textInput })], run: (ctx) => ({ parsed: parse(ctx.input.text) as unknown, heavyMarker: 'HEAVY_JOB_CODE' }) });
  `,
  'jobs/light.ts': `
    import { defineJob, trigger } from 'gfa';
    import { textInput } from '../lib/schema.ts';
    export const light = defineJob({
      on: [trigger({ input: textInput })],
      run: async (ctx) => {
        ctx.kv.set('last', ctx.input.text);
        return { length: ctx.input.text.length, lightMarker: 'LIGHT_JOB_CODE' };
      },
    });
  `,
  // Re-exports both jobs: the build must still pick each job's own file.
  'jobs/index.ts': `
    export { default as heavy } from './heavy.ts';
    export { light } from './light.ts';
  `,
  'gfa.config.ts': `
    import { defineApp, defineJob, trigger } from 'gfa';
    import { heavy, light } from './jobs/index.ts';
    export default defineApp({
      name: 'per-job',
      policies: ['anyone create-file,modify ^last$'],
      jobs: { heavy, light, inline: defineJob({ on: [trigger()], run: () => 'INLINE_JOB_CODE' }) },
    });
  `,
};

let base: string;
let dir: string;
const bundle = (job: string): Promise<string> => readFile(join(dir, 'dist/jobs', `${job}.mjs`), 'utf8');
/** A string only the bundled `yaml` package holds. */
const YAML_MARK = 'YAMLParseError';

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'gfa-per-job-'));
  dir = join(base, 'app');
  for (const [path, text] of Object.entries(FILES)) {
    await mkdir(join(dir, path, '..'), { recursive: true });
    await writeFile(join(dir, path), text);
  }
  await symlink(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  await buildApp(dir);
});
afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

describe('per-job bundles', () => {
  it('a job in its own file carries its code and dependencies, not the other jobs\'', async () => {
    const [heavy, light] = await Promise.all([bundle('heavy'), bundle('light')]);
    expect(heavy).toContain(YAML_MARK);
    expect(heavy).toContain('HEAVY_JOB_CODE');
    expect(heavy).not.toContain('LIGHT_JOB_CODE');
    expect(heavy).not.toContain('INLINE_JOB_CODE');
    expect(light).not.toContain(YAML_MARK);
    expect(light).toContain('LIGHT_JOB_CODE');
    expect(light).not.toContain('HEAVY_JOB_CODE');
    expect(light).not.toContain('INLINE_JOB_CODE');
    // yaml is ~100 KB minified: the light bundle is much smaller.
    expect(heavy.length - light.length).toBeGreaterThan(50_000);
  });

  it('a job written inline in the config falls back to the whole config', async () => {
    const inline = await bundle('inline');
    expect(inline).toContain('INLINE_JOB_CODE');
    expect(inline).toContain(YAML_MARK);
  });

  it('the runtime still validates input and writes results and data the same', async () => {
    const repo = await bareRepo(base);
    const env = { GFA_REMOTE: repo, GFA_TRIGGER: 'trigger' };
    const bad = await runBundle(join(dir, 'dist/jobs/light.mjs'), { ...env, GFA_INPUT: '{"text":1}', GFA_REQUEST_ID: 'bad-1' });
    expect(bad.code).toBe(1);
    expect(bad.line).toEqual({ requestId: 'bad-1', status: 'error', code: 'E_INPUT' });
    const ok = await runBundle(join(dir, 'dist/jobs/light.mjs'), { ...env, GFA_INPUT: '{"text":"hello"}', GFA_REQUEST_ID: 'ok-1' });
    expect(ok.code, ok.stderr).toBe(0);
    expect(await readKey(repo, 'last')).toBe('hello');
    const result = JSON.parse((await readKey(repo, 'results/ok-1')) ?? '{}') as JobResult;
    expect(result).toMatchObject({ job: 'light', requestId: 'ok-1', status: 'ok', output: { length: 5, lightMarker: 'LIGHT_JOB_CODE' } });
    const heavy = await runBundle(join(dir, 'dist/jobs/heavy.mjs'), { ...env, GFA_INPUT: '{"text":"a: 1"}', GFA_REQUEST_ID: 'heavy-1' });
    expect(heavy.code, heavy.stderr).toBe(0);
    expect((JSON.parse((await readKey(repo, 'results/heavy-1')) ?? '{}') as JobResult).output).toEqual({ parsed: { a: 1 }, heavyMarker: 'HEAVY_JOB_CODE' });
  });

  it('a job in its own file keeps the app\'s policies: a user may write what they allow', async () => {
    const repo = await bareRepo(base, 'policies.git');
    const env = { GFA_REMOTE: repo, GFA_TRIGGER: 'trigger', GFA_AS_USER: '7' };
    const ok = await runBundle(join(dir, 'dist/jobs/light.mjs'), { ...env, GFA_INPUT: '{"text":"mine"}', GFA_REQUEST_ID: 'user-1' });
    expect(ok.code, ok.stderr).toBe(0);
    expect(await readKey(repo, 'last')).toBe('mine');
  });
});
