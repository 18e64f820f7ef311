/**
 * Infers `--forge` and `--repo` from APP_DIR's `origin` remote: `https://github.com/OWNER/NAME(.git)`,
 * `git@github.com:OWNER/NAME.git`, `ssh://git@github.com/OWNER/NAME`; with `GITHUB_API_URL` set to
 * `https://HOST/api/v3` (or the emulator's URL), remotes on that host count as GitHub too.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { GfaError } from '../errors.ts';
import type { ForgeName, RepoTarget } from './types.ts';

const run = promisify(execFile);

/** The target a remote URL names, or undefined. `githubHosts`: hosts (with port) that are GitHub. */
export function targetFromRemote(url: string, githubHosts: string[] = []): RepoTarget | undefined {
  const hosts = ['github.com', ...githubHosts];
  const scp = /^[^@/]+@([^:/]+):(.+?)(?:\.git)?\/?$/.exec(url);
  let host: string;
  let path: string;
  if (scp) [host, path] = [scp[1]!, scp[2]!];
  else {
    try {
      const u = new URL(url);
      [host, path] = [u.host, u.pathname.replace(/^\/+/, '').replace(/\.git\/?$/, '').replace(/\/+$/, '')];
    } catch {
      return undefined;
    }
  }
  const hostOnly = host.replace(/:\d+$/, '');
  if ((hosts.includes(host) || hosts.includes(hostOnly)) && /^[^/]+\/[^/]+$/.test(path)) return { forge: 'github', repo: path };
  if (/(^|\.)gitlab\./.test(hostOnly)) return { forge: 'gitlab', repo: path };
  return undefined;
}

/** `--forge`/`--repo` as given, else from the origin remote; E_USAGE saying what to pass when neither works. */
export async function resolveTarget(appDir: string, given: { forge?: string; repo?: string }, env: Record<string, string | undefined>): Promise<RepoTarget> {
  if (given.forge && given.repo) return { forge: given.forge as ForgeName, repo: given.repo };
  let inferred: RepoTarget | undefined;
  try {
    const { stdout } = await run('git', ['-C', appDir, 'remote', 'get-url', 'origin']);
    const api = env.GITHUB_API_URL ? [new URL(env.GITHUB_API_URL).host] : [];
    inferred = targetFromRemote(stdout.trim(), api);
  } catch {
    inferred = undefined;
  }
  const forge = given.forge ?? inferred?.forge;
  const repo = given.repo ?? (inferred && inferred.forge === forge ? inferred.repo : undefined);
  if (!forge || !repo) throw new GfaError('E_USAGE', 'cannot tell the forge and repository from the origin remote; pass --forge github --repo OWNER/NAME');
  if (forge !== 'github' && forge !== 'gitlab' && forge !== 'local') throw new GfaError('E_USAGE', `--forge must be github or gitlab, not "${forge}"`);
  return { forge, repo };
}
