/** Test helpers: a temporary copy of the counter fixture, a bare data repo, and running bundles with node. */
import { execFile, spawn } from 'node:child_process';
import { cp, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { withLoopbackNoProxy } from '../../../framework/dev/no-proxy.ts';

const exec = promisify(execFile);
export const ROOT = resolve(import.meta.dirname, '../../..');
export const COUNTER = join(ROOT, 'test/fixtures/counter');
export const GFA_BIN = join(ROOT, 'node_modules/.bin/gfa');

/** A copy of the counter fixture in a temp dir (node_modules linked to the repo's), without generated files. */
export async function copyCounter(): Promise<{ dir: string; cleanup(): Promise<void> }> {
  const base = await mkdtemp(join(tmpdir(), 'gfa-counter-'));
  const dir = join(base, 'counter');
  await cp(COUNTER, dir, { recursive: true, filter: (src) => !/[\\/](dist|\.gfa|\.github)$|\.gitlab-ci\.yml$/.test(src) });
  await symlink(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  return { dir, cleanup: () => rm(base, { recursive: true, force: true }) };
}

/** A bare repo configured like a forge (partial clone allowed). */
export async function bareRepo(parent: string, name = 'data.git'): Promise<string> {
  const path = join(parent, name);
  await exec('git', ['init', '--quiet', '--bare', path]);
  await exec('git', ['-C', path, 'config', 'uploadpack.allowFilter', 'true']);
  await exec('git', ['-C', path, 'config', 'uploadpack.allowAnySHA1InWant', 'true']);
  return path;
}

/** The blob at `key` on the data branch of a bare repo, or undefined. */
export async function readKey(repo: string, key: string, branch = 'data'): Promise<string | undefined> {
  try {
    return (await exec('git', ['--git-dir', repo, 'show', `${branch}:${key}`])).stdout;
  } catch {
    return undefined;
  }
}

/** All keys on the data branch. */
export async function listKeys(repo: string, branch = 'data'): Promise<string[]> {
  try {
    const out = (await exec('git', ['--git-dir', repo, 'ls-tree', '-r', '--name-only', branch])).stdout;
    return out.split('\n').filter(Boolean);
  } catch {
    return [];
  }
}

/** Result of running a command. */
export interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * What a child keeps of this process's environment: PATH and HOME, and how this machine reaches the network
 * (certificate bundles, proxies, npm's own settings). A CI machine may trust the registry's certificate only through
 * NODE_EXTRA_CA_CERTS or an npm_config_cafile in the environment; without them `npm install` fails with
 * SELF_SIGNED_CERT_IN_CHAIN (seen on this project's CI, 2026-12-07).
 */
function passedThrough(): Record<string, string | undefined> {
  const kept: Record<string, string | undefined> = { PATH: process.env.PATH, HOME: process.env.HOME };
  const network = /^(NODE_EXTRA_CA_CERTS|SSL_CERT_FILE|SSL_CERT_DIR|https?_proxy|no_proxy|npm_config_(cafile|ca|registry|proxy|https_proxy|noproxy|strict_ssl|cache|globalconfig|userconfig))$/i;
  for (const [k, v] of Object.entries(process.env)) if (network.test(k)) kept[k] = v;
  // The doubles are on 127.0.0.1: git and curl must not send those requests to a proxy.
  return withLoopbackNoProxy(kept);
}

/** Runs a program asynchronously (never blocks the event loop). */
export function runProgram(cmd: string, args: string[], options: { cwd?: string; env?: Record<string, string | undefined> } = {}): Promise<Ran> {
  return new Promise((resolvePromise, reject) => {
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries({ ...passedThrough(), ...options.env })) if (v !== undefined) env[k] = v;
    const child = spawn(cmd, args, { cwd: options.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
  });
}

/** Runs `node <bundle>` with a runner's environment; parses the last stdout line. */
export async function runBundle(bundle: string, env: Record<string, string | undefined>, cwd?: string): Promise<Ran & { line: { requestId: string; status: string; code?: string } }> {
  const ran = await runProgram(process.execPath, [bundle], { env, ...(cwd ? { cwd } : {}) });
  const last = ran.stdout.trim().split('\n').pop() ?? '{}';
  return { ...ran, line: JSON.parse(last) };
}
