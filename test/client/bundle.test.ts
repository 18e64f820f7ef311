/** The client SDK is browser-safe (no Node built-ins) and loads libsodium only on unlock (a separate chunk). */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const entry = join(dirname(fileURLToPath(import.meta.url)), '../../framework/client/index.ts');

describe('client SDK bundle', () => {
  it('bundles for the browser with no Node built-ins', async () => {
    const result = await build({ entryPoints: [entry], bundle: true, platform: 'browser', format: 'esm', target: 'es2022', write: false, metafile: true, logLevel: 'silent' });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.filter((p) => p.startsWith('node:') || /^(fs|path|crypto|child_process)$/.test(p))).toEqual([]);
    const imports = Object.values(result.metafile.outputs).flatMap((o) => o.imports.map((i) => i.path));
    expect(imports.filter((p) => p.startsWith('node:'))).toEqual([]);
    expect(inputs.some((p) => p.includes('libsodium-wrappers-sumo'))).toBe(true);
  });

  it('keeps libsodium out of the entry chunk (loaded on unlock)', async () => {
    const result = await build({
      entryPoints: [entry], bundle: true, splitting: true, platform: 'browser', format: 'esm', target: 'es2022',
      outdir: '/virtual', write: false, metafile: true, logLevel: 'silent',
    });
    const [, main] = Object.entries(result.metafile.outputs).find(([, o]) => o.entryPoint !== undefined)!;
    expect(Object.keys(main.inputs).filter((p) => p.includes('libsodium'))).toEqual([]);
    expect(Object.keys(main.inputs).filter((p) => p.includes('crypto/passphrase') || p.includes('crypto/envelope'))).toEqual([]);
  });
});
