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

/**
 * Grape's `Boolean` coercion (dry-types `Params::Bool`): JSON booleans and the texts `1 on On ON t
 * true True TRUE T y yes Yes YES Y` and `0 off Off OFF f false False FALSE F n no No NO N`, so
 * python-gitlab's `recursive=True` is true; anything else is 'invalid' (Grape: "<name> is invalid").
 */
export function grapeBool(v: unknown): boolean | 'invalid' {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v === 1 ? true : v === 0 ? false : 'invalid';
  if (typeof v !== 'string') return 'invalid';
  if (/^(1|on|t|true|y|yes)$/i.test(v) && (v === v.toLowerCase() || v === v.toUpperCase() || v === v[0]!.toUpperCase() + v.slice(1))) return true;
  if (/^(0|off|f|false|n|no)$/i.test(v) && (v === v.toLowerCase() || v === v.toUpperCase() || v === v[0]!.toUpperCase() + v.slice(1))) return false;
  return 'invalid';
}

/** A boolean parameter as Grape reads it ({@link grapeBool}), or undefined when absent or not a boolean. */
export function bool(params: Record<string, unknown>, name: string): boolean | undefined {
  const v = params[name];
  if (v === undefined) return undefined;
  const b = grapeBool(v);
  return b === 'invalid' ? undefined : b;
}
