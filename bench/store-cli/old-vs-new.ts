/**
 * A spot check outside `npm run bench` (it needs a second build): one-key `kv set` / `kv get` into
 * a 100-key flat store, an older gfa's CLI and this one alternating, locally and over smart HTTP.
 * Issue 27's third goal against the code before the fan-out:
 *   git worktree add --detach ../old 492edff^ && ln -s "$PWD/node_modules" ../old/node_modules
 *   (cd ../old/framework && node scripts/build.mjs)
 *   npx tsx bench/store-cli/old-vs-new.ts ../old/framework/cli/bin.mjs [runs, default 11]
 */
import { spawn } from 'node:child_process';
import { cpSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startGitServer } from '../../test/helpers/git-server.ts';
import { fastImport, GIT_ENV, LAYOUTS, median } from './fixtures.ts';

const [oldBin, runsArg] = process.argv.slice(2);
if (!oldBin) {
  process.stderr.write('usage: npx tsx bench/store-cli/old-vs-new.ts OLD/framework/cli/bin.mjs [runs]\n');
  process.exit(2);
}
const BINS = { old: resolve(oldBin), new: resolve(import.meta.dirname, '../../framework/cli/bin.mjs') };
const N = Number(runsArg ?? 11);

function run(bin: string, args: string[]): Promise<number> {
  const t = performance.now();
  const child = spawn(process.execPath, [bin, ...args], { cwd: '/', env: { ...GIT_ENV, GFA_REMOTE: '', GFA_CACHE_DIR: '', GFA_FANOUT: '' }, stdio: ['ignore', 'ignore', 'inherit'] });
  return new Promise((res, rej) => child.on('close', (code) => (code === 0 ? res(performance.now() - t) : rej(new Error(`${bin} exit ${code}`)))));
}

const server = await startGitServer();
try {
  const template = server.createRepo('template');
  await fastImport(template, 100, LAYOUTS.flat);
  for (const remote of ['local', 'http'] as const) {
    const url = { old: '', new: '' };
    for (const v of ['old', 'new'] as const) {
      cpSync(template, join(server.root, `${v}-${remote}.git`), { recursive: true });
      url[v] = remote === 'local' ? join(server.root, `${v}-${remote}.git`) : server.url(`${v}-${remote}`);
    }
    for (const op of ['set', 'get'] as const) {
      const ms = { old: [] as number[], new: [] as number[] };
      for (let i = 1; i <= N; i++) {
        for (const v of ['old', 'new'] as const) {
          const args = op === 'set' ? ['kv', 'set', LAYOUTS.flat((i * 7) % 100), `x${i}`] : ['kv', 'get', LAYOUTS.flat((i * 13 + 50) % 100)];
          ms[v].push(await run(BINS[v], [...args, '--remote', url[v]]));
        }
      }
      const ratio = Number((median(ms.new) / median(ms.old)).toFixed(2));
      process.stdout.write(`${JSON.stringify({ name: `old-vs-new/${op}/${remote}/flat/100`, old: Math.round(median(ms.old)), new: Math.round(median(ms.new)), ratio, goal: '<= 1.2', met: ratio <= 1.2 })}\n`);
    }
  }
} finally {
  await server.close();
}
