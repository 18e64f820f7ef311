/** What every route of the GitHub emulator gets: the state, its origins, the caller, and the run starter. */
import type { Origins } from './shapes.ts';
import type { GithubState, Level, Permissions, Repo, Run, Token } from './state.ts';
import { allows } from './state.ts';
import { ghError } from './respond.ts';
import type { Downloads } from './downloads.ts';
import type { Clock } from '../clock.ts';

/** Starts a workflow run (runs.ts), resolving once it is queued. */
export type StartRun = (repo: Repo, file: string, event: string, payload: Record<string, unknown>, ref: string) => Promise<number>;

/** Asks a queued or running run to stop (runs.ts); false when it has completed. */
export type CancelRun = (run: Run) => boolean;

/** One request's context. */
export interface RouteContext {
  state: GithubState;
  origins: Origins;
  token?: Token;
  startRun: StartRun;
  cancelRun: CancelRun;
  /** One-minute download URLs for logs (downloads.ts). */
  downloads?: Downloads;
  /** The double's clock. @default systemClock */
  clock?: Clock;
}

/** A route: answers, or returns undefined when it does not match. */
export type Route = (req: Request, m: RegExpExecArray, ctx: RouteContext, repo: Repo) => Promise<Response> | Response;

/**
 * The permission check GitHub makes for fine-grained tokens: a 403 naming what is missing
 * (`x-accepted-github-permissions`), per
 * https://docs.github.com/en/rest/authentication/permissions-required-for-fine-grained-personal-access-tokens#about-permissions-required-for-fine-grained-personal-access-tokens
 */
export function need(ctx: RouteContext, repo: Repo, permission: keyof Permissions, level: Level): Response | undefined {
  if (allows(ctx.token, repo, permission, level)) return undefined;
  const res = ghError(ctx.token ? 403 : 401, ctx.token ? 'Resource not accessible by personal access token' : 'Requires authentication');
  res.headers.set('x-accepted-github-permissions', `${permission}=${level}`);
  return res;
}

/** The request body as JSON, or undefined when it is not JSON. */
export async function jsonBody(req: Request): Promise<Record<string, unknown> | undefined> {
  try {
    const v = (await req.json()) as unknown;
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** A stable numeric id for a workflow file (GitHub's ids are numbers; the file name also works). */
export function workflowId(file: string): number {
  let h = 7;
  for (const c of file) h = (h * 31 + c.charCodeAt(0)) % 2_000_000_000;
  return h + 1000;
}
