/** `gfa build` type-checks the app first: a type error fails the build with one line per problem (file:line:column and message). */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { typecheckApp } from '../../framework/build/typecheck.ts';
import { copyCounter, GFA_BIN, runProgram } from './helpers/fixture.ts';

let app: Awaited<ReturnType<typeof copyCounter>>;
beforeAll(async () => {
  app = await copyCounter();
});
afterAll(async () => {
  await app?.cleanup();
});

describe('the type check of gfa build', () => {
  it('passes a well-typed app (no tsconfig.json: the templates\' settings)', async () => {
    expect(await typecheckApp(app.dir)).toEqual([]);
  });

  it("rejects `const bad: number = 'x'` and an input field the schema does not have, one line each, and writes nothing", async () => {
    // Every .ts file of the app is checked, imported by the config or not.
    await mkdir(join(app.dir, 'jobs'), { recursive: true });
    const file = join(app.dir, 'jobs', 'bad.ts');
    await writeFile(file, [
      "import { defineJob, trigger } from 'gfa';",
      "const input = { '~standard': { version: 1 as const, vendor: 't', validate: (v: unknown) => ({ value: v as { say: string } }) } };",
      "export const bad: number = 'x';",
      'export default defineJob({ on: [trigger({ input })], run: (ctx) => ctx.input.doesNotExist });',
      '',
    ].join('\n'));
    const r = await runProgram(GFA_BIN, ['build', app.dir]);
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toContain("gfa build: jobs/bad.ts:3:14: error TS2322: Type 'string' is not assignable to type 'number'.");
    expect(lines.some((l) => /^gfa build: jobs\/bad\.ts:4:\d+: error TS2339: Property 'doesNotExist' does not exist on type '\{ say: string; \}'\.$/.test(l))).toBe(true);
    expect(lines.at(-1)).toMatch(/^gfa: 2 type errors \(first: jobs\/bad\.ts:3:14: error TS2322: .*\); fix them, or build with --no-typecheck$/);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack
    expect(existsSync(join(app.dir, 'dist', 'gfa.json'))).toBe(false);
    // --no-typecheck builds it anyway.
    expect((await runProgram(GFA_BIN, ['build', '--no-typecheck', app.dir])).code).toBe(0);
  });
});
