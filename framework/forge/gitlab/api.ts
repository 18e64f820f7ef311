/**
 * The CLI's GitLab REST client: `@gitbeaker/rest` (loaded lazily) for `GITLAB_URL` with `GITLAB_TOKEN`,
 * errors turned into one-line GfaErrors, and a count of the write requests sent (deploy's idempotency).
 */
import type { Gitlab } from '@gitbeaker/rest';
import { GfaError } from '../../errors.ts';
import { forgeMessage } from '../http.ts';

/** Options of the server-side GitLab adapter. */
export interface GitlabOptions {
  /** Project path `GROUP[/SUBGROUP…]/NAME`. */
  project: string;
  /** The owner's token (`GITLAB_TOKEN`): a personal, project or group access token with the `api` scope. */
  token: string;
  /** Instance URL (`GITLAB_URL`). @default "https://gitlab.com" */
  url?: string;
  /** The data branch `reader()` reads. @default "data" */
  branch?: string;
  /**
   * Private projects only: a token the browser may use to read the data branch (a project access token
   * with the Reporter role and `read_api` + `read_repository`), wrapped into `.gfa/keys.json` as `readToken`.
   */
  readToken?: string;
}

/** A connected client. */
export interface GitlabApi {
  api: InstanceType<typeof Gitlab>;
  /** The project, as the `:id` of every call. */
  project: string;
  url: string;
  /** Write requests sent so far. */
  readonly writes: number;
  /** Runs a read; `what` names it in errors. A 404 gives undefined when `missingOk`. */
  read<T>(what: string, call: () => Promise<T>, missingOk?: false): Promise<T>;
  read<T>(what: string, call: () => Promise<T>, missingOk: true): Promise<T | undefined>;
  /** Runs a write (counted). */
  write<T>(what: string, call: () => Promise<T>): Promise<T>;
}

/** The HTTP status of a gitbeaker error, or undefined. */
export function statusOf(err: unknown): number | undefined {
  const res = (err as { cause?: { response?: { status?: unknown } } } | undefined)?.cause?.response;
  return typeof res?.status === 'number' ? res.status : undefined;
}

/**
 * What GitLab said, from a gitbeaker error: gitbeaker keeps the body's `error` or `message` as
 * `cause.description` (a JSON text when it was an object, e.g. per-field messages). Undefined when it
 * is only the status line ("403 Forbidden", "404 Project Not Found").
 */
export function gitlabSaid(err: unknown): string | undefined {
  const description = (err as { cause?: { description?: unknown } } | undefined)?.cause?.description;
  if (typeof description !== 'string' || description.trim() === '') return undefined;
  let body: unknown = description;
  if (/^\s*[[{]/.test(description)) {
    try {
      body = JSON.parse(description) as unknown;
    } catch {
      // text after all
    }
  }
  const said = forgeMessage({ message: body });
  return said === undefined || /^\d{3}( [\w ]+)?$/.test(said) ? undefined : said;
}

function fail(what: string, err: unknown, url: string): GfaError {
  if (err instanceof GfaError) return err;
  const status = statusOf(err);
  const said = gitlabSaid(err);
  const words = said === undefined ? '' : `: ${said}`;
  if (status === 401) return new GfaError('E_FORGE', `GitLab refused the token while ${what} (401${words}): set GITLAB_TOKEN to a token with the api scope for ${url}`, { cause: err });
  if (status === 403) return new GfaError('E_FORGE', `GitLab refused ${what} (403${words}): the token needs the Maintainer or Owner role on the project`, { cause: err });
  if (status === 404) return new GfaError('E_NOT_FOUND', `GitLab found nothing while ${what} (404${words}): check --repo and that the token can see the project`, { cause: err });
  if (status !== undefined) return new GfaError('E_FORGE', `GitLab answered ${status} while ${what}${words}`, { cause: err });
  return new GfaError('E_HTTP', `cannot reach GitLab at ${url} while ${what}; check GITLAB_URL and the network`, { cause: err });
}

/** Connects to GitLab (nothing is sent until the first call). */
export async function gitlabApi(o: GitlabOptions): Promise<GitlabApi> {
  const url = (o.url ?? 'https://gitlab.com').replace(/\/+$/, '');
  const { Gitlab } = await import('@gitbeaker/rest');
  const api = new Gitlab({ host: url, token: o.token });
  let writes = 0;
  const client: GitlabApi = {
    api,
    project: o.project,
    url,
    get writes() {
      return writes;
    },
    async read<T>(what: string, call: () => Promise<T>, missingOk = false): Promise<T | undefined> {
      try {
        return await call();
      } catch (err) {
        if (missingOk && statusOf(err) === 404) return undefined;
        throw fail(what, err, url);
      }
    },
    async write<T>(what: string, call: () => Promise<T>): Promise<T> {
      writes++;
      try {
        return await call();
      } catch (err) {
        throw fail(what, err, url);
      }
    },
  } as GitlabApi;
  return client;
}
