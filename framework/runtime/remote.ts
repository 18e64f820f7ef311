/** @module Where the data branch lives, from the environment a runner gives. */
import { GfaError } from '../errors.ts';
import { ENV } from '../contract.ts';

type Env = Record<string, string | undefined>;

function withAuth(url: string, user: string, token: string): string {
  const u = new URL(url);
  u.username = encodeURIComponent(user);
  u.password = encodeURIComponent(token);
  return u.toString();
}

/**
 * The data remote: GFA_REMOTE; else GitHub's repository with GITHUB_TOKEN; else GitLab's project with
 * GFA_PUSH_TOKEN or CI_JOB_TOKEN. The returned URL may hold a token: never log it.
 */
export function resolveRemote(env: Env): string {
  const explicit = env[ENV.remote];
  if (explicit) return explicit;
  if (env.GITHUB_REPOSITORY) {
    const url = `${env.GITHUB_SERVER_URL ?? 'https://github.com'}/${env.GITHUB_REPOSITORY}.git`;
    return env.GITHUB_TOKEN ? withAuth(url, 'x-access-token', env.GITHUB_TOKEN) : url;
  }
  if (env.CI_SERVER_URL && env.CI_PROJECT_PATH) {
    const url = `${env.CI_SERVER_URL}/${env.CI_PROJECT_PATH}.git`;
    const push = env[ENV.pushToken];
    if (push) return withAuth(url, 'oauth2', push);
    return env.CI_JOB_TOKEN ? withAuth(url, 'gitlab-ci-token', env.CI_JOB_TOKEN) : url;
  }
  throw new GfaError('E_REMOTE', `no data remote: set ${ENV.remote} (a path or git URL), or run on GitHub Actions or GitLab CI`);
}

/** Values that must never appear in logs: tokens and keys from the environment. */
export function sensitiveEnvValues(env: Env): string[] {
  const out: string[] = [];
  for (const name of [ENV.secretKey, ENV.pushToken, 'GITHUB_TOKEN', 'CI_JOB_TOKEN']) {
    const v = env[name];
    if (v) out.push(v, ...v.split(',').map((s) => s.trim()));
  }
  const remote = env[ENV.remote];
  if (remote) {
    try {
      const u = new URL(remote);
      if (u.password) out.push(u.password, decodeURIComponent(u.password));
    } catch { /* a path: nothing secret */ }
  }
  return out.filter((v) => v.length >= 4);
}
