/** `openForge`: the server-side adapter for a target, by forge name, configured from the environment. */
import { GfaError } from '../errors.ts';
import type { Forge, RepoTarget } from './types.ts';

/** Extra settings a command may pass (doctor's checks). */
export interface OpenOptions {
  /** The data branch. @default "data" */
  branch?: string;
  dispatchToken?: string;
  passphrase?: string;
}

/**
 * Opens `target` with credentials from `env`. GitHub: token from `GITHUB_TOKEN` or `GH_TOKEN`, API from
 * `GITHUB_API_URL` (default https://api.github.com; GitHub Enterprise Server: https://HOST/api/v3).
 * GitLab: token from `GITLAB_TOKEN`, instance from `GITLAB_URL` (default https://gitlab.com), and for a
 * private project the browser's read token from `GITLAB_READ_TOKEN`; `--repo` is the project path
 * `GROUP[/SUBGROUP…]/NAME`.
 */
export async function openForge(target: RepoTarget, env: Record<string, string | undefined>, options: OpenOptions = {}): Promise<Forge> {
  switch (target.forge) {
    case 'github': {
      const token = env.GITHUB_TOKEN || env.GH_TOKEN;
      if (!token) throw new GfaError('E_CONFIG', 'no GitHub token: set GITHUB_TOKEN or GH_TOKEN (a token with Contents, Secrets, Pages and Administration: read and write on the repository)');
      if (!/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(target.repo)) throw new GfaError('E_USAGE', `--repo must be OWNER/NAME, not "${target.repo}"`);
      const { githubForge } = await import('./github/forge.ts');
      return githubForge(target, { token, apiUrl: env.GITHUB_API_URL || undefined, ...options });
    }
    case 'gitlab': {
      const token = env.GITLAB_TOKEN;
      if (!token) throw new GfaError('E_CONFIG', 'no GitLab token: set GITLAB_TOKEN (an access token with the api scope, Maintainer or Owner on the project)');
      if (!/^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)+$/.test(target.repo)) throw new GfaError('E_USAGE', `--repo must be GROUP[/SUBGROUP…]/NAME, not "${target.repo}"`);
      const { gitlabForge } = await import('./gitlab/forge.ts');
      return gitlabForge({ project: target.repo, token, url: env.GITLAB_URL || 'https://gitlab.com', readToken: env.GITLAB_READ_TOKEN || undefined, branch: options.branch });
    }
    default:
      throw unknownForge(target.forge);
  }
}

/** The error for a forge gfa has no adapter for. */
export function unknownForge(name: string): GfaError {
  return new GfaError('E_USAGE', `cannot set up forge "${name}": use --forge github or --forge gitlab`);
}
