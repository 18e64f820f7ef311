/**
 * Test helpers: run this app's jobs with `gfa run` as CI would (the committed bundles in dist/, a child
 * process each), against a scratch data repository of their own: a bare git repository in a temp folder,
 * sealed with a fresh key. No server, no account, no network.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The app folder. */
export const APP = join(dirname(fileURLToPath(import.meta.url)), '..');
/** The gfa command of the gfa this app installed. */
const BIN = join(dirname(createRequire(import.meta.url).resolve('gfa/package.json')), 'cli', 'bin.mjs');

/** Runs `gfa ARGS` in the app folder; never throws for a non-zero exit. */
export function gfa(args, env = {}) {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: APP, env: { ...process.env, ...env } }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

/** A scratch data repository: `run` a job against it, `get` a value back, `close` to remove it. */
export async function scratch() {
  const dir = await mkdtemp(join(tmpdir(), 'gfa-app-test-'));
  const remote = join(dir, 'data.git');
  await new Promise((resolve, reject) => execFile('git', ['init', '--quiet', '--bare', remote], (err) => (err ? reject(err) : resolve())));
  const key = (await gfa(['keygen'])).stdout.trim();
  const env = { GFA_SECRET_KEY: key, GFA_REMOTE: '' };
  return {
    remote,
    /** Runs `job` once (`input`: its trigger input; `schedule: true`: as its schedule fires); its result, exit code and log. */
    async run(job, { input, schedule } = {}) {
      const how = schedule ? ['--schedule'] : input === undefined ? [] : ['--input', JSON.stringify(input)];
      const r = await gfa(['run', job, '--no-build', '--remote', remote, ...how, APP], env);
      const last = r.stdout.trim().split('\n').pop() ?? '';
      let result;
      try {
        result = JSON.parse(last);
      } catch {
        result = undefined;
      }
      return { ...r, result };
    },
    /** The value at `key` on the data branch (decrypted), or undefined. */
    async get(key) {
      const r = await gfa(['kv', 'get', key, '--remote', remote], env);
      return r.code === 0 ? r.stdout : undefined;
    },
    close: () => rm(dir, { recursive: true, force: true }),
  };
}
