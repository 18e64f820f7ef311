import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { launchBrowser } from '../helpers/browser.ts';
import { describe, expect, it } from 'vitest';
import { openValue, sealValue } from '../../framework/crypto/envelope.ts';
import { generateSecretKey, parseSecretKeys } from '../../framework/crypto/keys.ts';
import { type KeysFile, unwrapSecrets, wrapSecrets } from '../../framework/crypto/passphrase.ts';

const entry = (name: string) => fileURLToPath(new URL(`../../framework/crypto/${name}`, import.meta.url));

describe('browser safety of the crypto modules', () => {
  it('bundles envelope.ts, passphrase.ts, keys.ts and sodium.ts for the browser with no Node built-ins', async () => {
    const result = await build({
      stdin: {
        contents: ['envelope.ts', 'passphrase.ts', 'keys.ts', 'sodium.ts'].map((f) => `export * from ${JSON.stringify(entry(f))};`).join('\n'),
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

  it('interoperates with Node in headless Chromium: envelopes and keys files both ways', async () => {
    const bundle = await build({
      stdin: {
        contents: `import * as c from ${JSON.stringify(entry('envelope.ts'))}; import * as p from ${JSON.stringify(entry('passphrase.ts'))}; import * as k from ${JSON.stringify(entry('keys.ts'))};
          globalThis.gfaCrypto = { ...c, ...p, ...k };`,
        resolveDir: fileURLToPath(new URL('.', import.meta.url)),
        loader: 'ts',
      },
      bundle: true,
      platform: 'browser',
      format: 'esm',
      target: 'es2022',
      write: false,
      logLevel: 'silent',
    });
    const keyText = await generateSecretKey();
    const [key] = parseSecretKeys(keyText);
    const fromNode = await sealValue(key!, 'notes/1', new TextEncoder().encode('sealed in node'));
    const nodeFile = await wrapSecrets('pw in node', { dataKey: keyText }, { opslimit: 1, memlimit: 8192 });
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.addScriptTag({ content: bundle.outputFiles[0]!.text, type: 'module' });
      await page.waitForFunction(() => 'gfaCrypto' in globalThis);
      const out = await page.evaluate(
        async ({ keyText, envelope, file }) => {
          type Api = Record<string, (...a: unknown[]) => Promise<unknown> | unknown>;
          const api = (globalThis as unknown as { gfaCrypto: Api }).gfaCrypto;
          const keys = api.parseSecretKeys!(keyText) as Uint8Array[];
          const opened = (await api.openValue!(keys, 'notes/1', new Uint8Array(envelope))) as Uint8Array;
          const sealed = (await api.sealValue!(keys[0], 'notes/2', new TextEncoder().encode('sealed in chromium'))) as Uint8Array;
          const unwrapped = await api.unwrapSecrets!(file, 'pw in node', { allowWeak: true });
          const wrapped = await api.wrapSecrets!('pw in chromium', { token: 'from chromium' }, { opslimit: 1, memlimit: 8192 });
          let wrong = '';
          try {
            await api.unwrapSecrets!(file, 'not it', { allowWeak: true });
          } catch (err) {
            wrong = (err as { code: string }).code;
          }
          return { opened: new TextDecoder().decode(opened), sealed: [...sealed], unwrapped, wrapped, wrong };
        },
        { keyText, envelope: [...fromNode], file: nodeFile },
      );
      expect(errors).toEqual([]);
      expect(out.opened).toBe('sealed in node');
      expect(out.unwrapped).toEqual({ dataKey: keyText });
      expect(out.wrong).toBe('E_PASSPHRASE');
      expect(new TextDecoder().decode(await openValue([key!], 'notes/2', new Uint8Array(out.sealed)))).toBe('sealed in chromium');
      expect(await unwrapSecrets(out.wrapped as KeysFile, 'pw in chromium', { allowWeak: true })).toEqual({ token: 'from chromium' });
    } finally {
      await browser.close();
    }
  });
});
