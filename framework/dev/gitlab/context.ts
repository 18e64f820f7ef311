/** What every route of the GitLab emulator receives. */
import type { Caller } from './access.ts';
import type { BareRepo } from './repo.ts';
import type { GitlabState, Pipeline } from './state.ts';

/** Starts a pipeline (runs asynchronously); returns its record at once. */
export type StartPipeline = (source: Pipeline['source'], ref: string, inputs: Record<string, unknown>) => Promise<Pipeline>;

/** Cancels a pipeline (runner.ts), resolving once it has stopped. */
export type CancelPipeline = (pipeline: Pipeline) => Promise<void>;

/** A route's view of the world. */
export interface RouteContext {
  req: Request;
  state: GitlabState;
  repo: BareRepo;
  caller: Caller;
  /** The request's parameters (query, JSON or form body). */
  params: Record<string, unknown>;
  /** Path segments after `/api/v4/projects/:id/`, each already percent-decoded. */
  rest: string[];
  /** `http://127.0.0.1:PORT` */
  origin: string;
  startPipeline: StartPipeline;
  cancelPipeline: CancelPipeline;
}

/** A route: answers, or undefined when the path is not its own. */
export type Route = (ctx: RouteContext) => Promise<Response | undefined> | Response | undefined;

/** A parameter as a string, or undefined. */
export function str(params: Record<string, unknown>, name: string): string | undefined {
  const v = params[name];
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
}

/** A boolean parameter (`true`/`false` as JSON or text). */
export function bool(params: Record<string, unknown>, name: string): boolean | undefined {
  const v = params[name];
  if (typeof v === 'boolean') return v;
  if (v === 'true') return true;
  if (v === 'false') return false;
  return undefined;
}
