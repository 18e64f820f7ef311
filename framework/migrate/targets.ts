/** The two repositories of a migration, and what makes a pair valid. */
import { GfaError } from '../errors.ts';
import type { RepoTarget } from '../forge/types.ts';

/** Forges gfa can migrate between. */
export const MIGRATE_FORGES = ['github', 'gitlab'] as const;

/** `github owner/app`, for progress lines and messages. */
export const label = (t: RepoTarget): string => `${t.forge} ${t.repo}`;

/** Refuses an unknown forge, a missing repository and the same repository twice, in one line each. */
export function checkPair(from: { forge?: string; repo?: string }, to: { forge?: string; repo?: string }): { from: RepoTarget; to: RepoTarget } {
  for (const [flag, side] of [['--from', from], ['--to', to]] as const) {
    if (!side.forge) throw new GfaError('E_USAGE', `${flag} is missing: gfa migrate --from github --repo OWNER/NAME --to gitlab --repo GROUP/NAME`);
    if (!(MIGRATE_FORGES as readonly string[]).includes(side.forge)) throw new GfaError('E_USAGE', `${flag} must be github or gitlab, not "${side.forge}"`);
    if (!side.repo) throw new GfaError('E_USAGE', `${flag} ${side.forge} needs its own --repo after it: gfa migrate --from github --repo OWNER/NAME --to gitlab --repo GROUP/NAME`);
  }
  const a = { forge: from.forge, repo: from.repo } as RepoTarget;
  const b = { forge: to.forge, repo: to.repo } as RepoTarget;
  if (a.forge === b.forge && a.repo.toLowerCase() === b.repo.toLowerCase()) {
    throw new GfaError('E_USAGE', `--from and --to name the same repository (${label(a)}): migrate moves an app to another repository`);
  }
  return { from: a, to: b };
}
