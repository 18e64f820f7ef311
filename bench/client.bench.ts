/**
 * Client SDK: gzip size of the browser bundle without and with libsodium, and the local trigger →
 * result latency through the SDK against `gfa dev` (median and p95 over 20 triggers), next to the
 * floor: the same job run directly as a child process with no server, trigger or polling.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { readFile } from 'node:fs/promises';
import { build } from 'esbuild';
import type { Report } from './index.ts';
import { connect } from '../framework/client/index.ts';
import { startDevServer } from '../framework/dev/server.ts';
import { runJobProcess } from '../framework/dev/job-process.ts';
import { copyFixture } from '../test/dev/helpers/fixture.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = 20;

async function gzipSize(external: string[]): Promise<{ raw: number; gzip: number }> {
  const out = await build({
    entryPoints: [join(root, 'framework/client/index.ts')],
    bundle: true, minify: true, platform: 'browser', format: 'esm', target: 'es2022', write: false, external, logLevel: 'silent',
  });
  const bytes = out.outputFiles[0]!.contents;
  return { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p95 = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(xs.length * 0.95) - 1)]!;

export default async function bench(report: Report): Promise<void> {
  const without = await gzipSize(['libsodium-wrappers-sumo']);
  const withSodium = await gzipSize([]);
  report({ name: 'client-bundle-gzip-without-libsodium', value: without.gzip, unit: 'bytes', minified: without.raw });
  const split = await build({
    entryPoints: [join(root, 'framework/client/index.ts')],
    bundle: true, minify: true, splitting: true, outdir: '/virtual', platform: 'browser', format: 'esm', target: 'es2022', write: false, logLevel: 'silent',
  });
  const entry = split.outputFiles.find((f) => f.path.endsWith('/index.js'))!;
  report({ name: 'client-entry-chunk-gzip-split', value: gzipSync(entry.contents, { level: 9 }).length, unit: 'bytes', note: 'with code splitting: what a page loads before unlock' });
  report({ name: 'client-bundle-gzip-with-libsodium', value: withSodium.gzip, unit: 'bytes', minified: withSodium.raw, ratio: +(withSodium.gzip / without.gzip).toFixed(1) });

  const app = copyFixture('dev-app');
  const quiet = { appDir: app.dir, passphrase: 'bench passphrase', watch: false, log: () => {} };
  const server = await startDevServer(quiet);
  // A second server on the same app whose jobs go through the smart-HTTP remote, as a CI runner's would.
  const http = await startDevServer({ ...quiet, jobRemote: 'http' });
  try {
    const client = connect({ forge: 'local', url: server.url });
    const t0 = performance.now();
    await client.unlock('bench passphrase'); // MODERATE Argon2id, as a user gets it
    report({ name: 'client-unlock-moderate', value: Math.round(performance.now() - t0), unit: 'ms' });
    const viaHttp = connect({ forge: 'local', url: http.url });
    await viaHttp.unlock('bench passphrase');
    const secretKey = (await readFile(join(app.dir, '.gfa/local/secret.key'), 'utf8')).trim();
    const env = { GFA_REMOTE: join(app.dir, '.gfa/local/remote.git'), GFA_SECRET_KEY: secretKey };
    const timed = async (fn: () => Promise<unknown>): Promise<number> => {
      const start = performance.now();
      await fn();
      return performance.now() - start;
    };
    await (await client.trigger('bump')).result(); // warm-up
    // Interleaved, so that load from other processes on the machine hits all three alike.
    const sdk: number[] = [];
    const sdkHttp: number[] = [];
    const direct: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      sdk.push(await timed(async () => (await client.trigger('bump')).result()));
      sdkHttp.push(await timed(async () => (await viaHttp.trigger('bump')).result()));
      direct.push(await timed(() => runJobProcess(app.dir, 'bump', { env: { ...env, GFA_CACHE_DIR: join(app.dir, '.gfa/local', `bench-${i}`) } })));
    }
    report({ name: 'trigger-to-result-median', value: Math.round(median(sdk)), unit: 'ms', runs: RUNS, target: '< 1500' });
    report({ name: 'trigger-to-result-p95', value: Math.round(p95(sdk)), unit: 'ms', runs: RUNS });
    report({ name: 'trigger-to-result-median-http-remote', value: Math.round(median(sdkHttp)), unit: 'ms', runs: RUNS, note: "jobRemote 'http': jobs fetch and push through git http-backend" });
    report({ name: 'direct-job-run-median', value: Math.round(median(direct)), unit: 'ms', runs: RUNS, note: 'floor: node dist/jobs/bump.mjs on the bare repo path, no server/trigger/poll' });
    report({ name: 'sdk-overhead-ratio', value: +(median(sdk) / median(direct)).toFixed(2), unit: 'x', note: 'SDK trigger→result vs the bare job run' });
  } finally {
    await http.close();
    await server.close();
    app.remove();
  }
}
