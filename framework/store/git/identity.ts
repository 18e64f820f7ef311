/**
 * Who data commits are by. Forges may check it: GitLab's `commit_committer_check` push rule refuses a
 * committer e-mail that is not the pusher's, so the default is the CI's own identity where the
 * forge gives one, and `GFA_COMMITTER_NAME` / `GFA_COMMITTER_EMAIL` override it.
 */
import { ENV } from '../../contract.ts';
import { GfaError } from '../../errors.ts';

/** A git identity. */
export interface Committer {
  name: string;
  email: string;
}

/** The identity when nothing else is known. */
export const DEFAULT_COMMITTER: Committer = { name: 'gfa', email: 'gfa@localhost' };

/**
 * The committer from the environment: `GFA_COMMITTER_NAME`/`GFA_COMMITTER_EMAIL`; else on GitHub
 * Actions `GITHUB_ACTOR` with its no-reply address (`<GITHUB_ACTOR_ID>+<actor>@users.noreply.github.com`,
 * https://docs.github.com/en/account-and-profile/setting-up-and-managing-your-personal-account-on-github/managing-email-preferences/setting-your-commit-email-address);
 * else on GitLab CI `GITLAB_USER_LOGIN` and `GITLAB_USER_EMAIL` (https://docs.gitlab.com/ci/variables/predefined_variables/);
 * else {@link DEFAULT_COMMITTER}.
 */
export function committerFromEnv(env: Record<string, string | undefined>): Committer {
  let found: Committer = DEFAULT_COMMITTER;
  if (env.GITHUB_ACTOR) {
    const actor = env.GITHUB_ACTOR;
    found = { name: actor, email: env.GITHUB_ACTOR_ID ? `${env.GITHUB_ACTOR_ID}+${actor}@users.noreply.github.com` : `${actor}@users.noreply.github.com` };
  } else if (env.GITLAB_USER_EMAIL) {
    found = { name: env.GITLAB_USER_LOGIN || env.GITLAB_USER_EMAIL, email: env.GITLAB_USER_EMAIL };
  }
  return checkCommitter({ name: env[ENV.committerName] || found.name, email: env[ENV.committerEmail] || found.email });
}

/** Throws `E_CONFIG` for a name or e-mail git cannot put in a commit header. */
export function checkCommitter(c: Committer): Committer {
  for (const [what, value, variable] of [['name', c.name, ENV.committerName], ['e-mail', c.email, ENV.committerEmail]] as const) {
    if (typeof value !== 'string' || value.trim() === '' || /[<>\n\r\0]/.test(value)) {
      throw new GfaError('E_CONFIG', `invalid committer ${what} ${JSON.stringify(String(value).slice(0, 80))}: no <, >, newlines, not empty; set ${variable}`);
    }
  }
  return { name: c.name.trim(), email: c.email.trim() };
}
