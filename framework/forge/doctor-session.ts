/**
 * Doctor's session line (issue 24), for both forges: what the app's `session` settings imply in
 * runner minutes. A session bills its runner from its start until it ends: at least its idle tail
 * (idleSeconds after the last request) plus the first request, at most maxSeconds. GitHub rounds each
 * job up to a whole minute and includes 2,000 minutes a month on Free for private repositories
 * (standard runners are free for public ones: docs.github.com "About billing for GitHub Actions");
 * GitLab.com Free includes 400 compute minutes a month per top-level namespace, counted on instance
 * runners only (docs.gitlab.com "Compute minutes"). Self-hosted runners bill neither.
 */
import type { Manifest } from '../app/manifest.ts';
import type { Check } from './types.ts';

/** Minutes a month of the free tier a session line compares against, when there is one. */
const INCLUDED = { github: 2000, gitlab: 400 } as const;

/** How many sessions a day the line counts (a person opening the page and working in it). */
export const SESSIONS_PER_DAY = 10;

/** The minutes one session bills: its shortest (a request, then idle) and longest (maxSeconds) run, rounded up to a minute. */
export function sessionMinutes(session: { idleSeconds: number; maxSeconds: number }): { min: number; max: number } {
  return { min: Math.max(1, Math.ceil(session.idleSeconds / 60)), max: Math.max(1, Math.ceil(session.maxSeconds / 60)) };
}

/**
 * The session line: none when sessions are off. `billed` is false where the forge bills nothing (a
 * public GitHub repository on standard runners). @default true
 */
export function sessionChecks(m: Manifest, o: { forge: 'github' | 'gitlab'; billed?: boolean }): Check[] {
  if (!m.session) return [];
  const per = sessionMinutes(m.session);
  const lo = per.min * SESSIONS_PER_DAY * 30;
  const hi = per.max * SESSIONS_PER_DAY * 30;
  const what = `sessions (idle ${m.session.idleSeconds} s, max ${m.session.maxSeconds} s) bill ${per.min}–${per.max} runner minutes each: ${lo.toLocaleString('en')}–${hi.toLocaleString('en')} minutes a month at ${SESSIONS_PER_DAY} sessions a day`;
  if (o.billed === false) return [{ id: 'session-minutes', status: 'ok', message: `${what}, not billed on a public repository with standard runners; a session keeps a runner busy, so mind GitHub's terms on burden (README, "Sessions")` }];
  const included = INCLUDED[o.forge];
  const tier = o.forge === 'github' ? 'GitHub Free includes 2,000 a month for private repositories' : 'GitLab.com Free includes 400 compute minutes a month';
  const over = lo > included;
  return [{ id: 'session-minutes', status: over ? 'warn' : 'ok', message: `${what}; ${tier}${over ? ': lower idleSeconds, or run the jobs on a self-hosted runner' : ''}` }];
}
