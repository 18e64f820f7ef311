import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const entry = (name: string) => fileURLToPath(new URL(`../../framework/store/${name}`, import.meta.url));

describe('browser safety of the crypto modules', () => {
  it('bundles crypto.ts, passphrase.ts, keys.ts and sodium.ts for the browser with no Node built-ins', async () => {
    const result = await build({
      stdin: {
        contents: ['crypto.ts', 'passphrase.ts', 'keys.ts', 'sodium.ts'].map((f) => `export * from ${JSON.stringify(entry(f))};`).join('\n'),
        resolveDir: fileURLToPath(new URL('.', import.meta.url)),
        loader: 'ts',
      },
      bundle: true,
      platform: 'browser',
      format: 'esm',
      target: 'es2022',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    expect(result.errors).toEqual([]);
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((i) => i.includes('libsodium-wrappers-sumo'))).toBe(true);
    for (const [path, input] of Object.entries(result.metafile.inputs)) {
      for (const imp of input.imports) expect(imp.path, `${path} imports ${imp.path}`).not.toMatch(/^node:|^(fs|path|crypto|buffer|os|child_process)$/);
    }
    const code = result.outputFiles[0]!.text;
    expect(code).not.toMatch(/from\s*["']node:/);
    expect(code).not.toMatch(/\bBuffer\./);
  });
});
