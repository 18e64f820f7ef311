/**
 * `POST /api/trigger` and `POST /api/tick`: start jobs. Both need the trigger credential as a Bearer
 * token (the one wrapped in `.gfa/keys.json`), like a forge's dispatch API.
 */
import type { Manifest } from '../app/manifest.ts';
import { MAX_INPUT_BYTES, isRequestId, newRequestId } from '../contract.ts';
import { DEFAULT_BATCH_LIMIT, decodeMembers } from '../forge/batch.ts';
import { bearer, fail, HttpError, json, readJsonBody, sameToken } from './http.ts';
import type { JobRunner, RunRecord, RunRequest } from './jobs.ts';

/** What the job routes need. */
export interface JobRouteContext {
  manifest(): Manifest;
  triggerToken: string;
  runner: JobRunner;
  /** Request ids already used in this server's lifetime (a reused id would mix two results). */
}

function authorise(req: Request, ctx: JobRouteContext): Response | undefined {
  const token = bearer(req);
  if (token === undefined) return fail(401, 'missing credential: send Authorization: Bearer <trigger credential> (unlock .gfa/keys.json)', 'E_FORGE');
  if (!sameToken(token, ctx.triggerToken)) return fail(403, 'wrong trigger credential: unlock .gfa/keys.json with the owner passphrase', 'E_FORGE');
  return undefined;
}

/**
 * `POST /api/trigger` with JSON `{ job, requestId?, input? }`, or a batch `{ job, requestId, batch:
 * [{ requestId, input? }] }` (requestId is then the batch id; framework/forge/batch.ts) → 202
 * `{ job, requestId }`. A request id sent again is run again: the runtime answers it with the result it
 * stored the first time (a re-send after a reload or a timeout), without running the handler twice.
 */
export async function triggerRoute(req: Request, ctx: JobRouteContext): Promise<Response> {
  const denied = authorise(req, ctx);
  if (denied) return denied;
  let body: unknown;
  try {
    // Each input is capped at MAX_INPUT_BYTES by the runtime; a batch at DEFAULT_BATCH_LIMIT.chars.
    body = await readJsonBody(req, Math.max(MAX_INPUT_BYTES, DEFAULT_BATCH_LIMIT.chars) + 1024);
  } catch (err) {
    if (err instanceof HttpError) return fail(err.status, err.message, 'E_USAGE');
    throw err;
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return fail(400, 'send a JSON object { job, requestId?, input? }', 'E_USAGE');
  const { job, requestId, input, batch, ...extra } = body as Record<string, unknown>;
  const unknown = Object.keys(extra);
  if (unknown.length > 0) return fail(400, `unknown field "${unknown[0]}": send only { job, requestId?, input? } or { job, requestId, batch }`, 'E_USAGE');
  if (typeof job !== 'string') return fail(400, 'missing "job": name the job to run', 'E_USAGE');
  const jobs = ctx.manifest().jobs;
  const def = Object.hasOwn(jobs, job) ? jobs[job] : undefined;
  if (!def) return fail(404, `unknown job "${job.slice(0, 64)}" (jobs: ${Object.keys(jobs).join(', ')})`, 'E_NOT_FOUND');
  if (!def.trigger) return fail(400, `job "${job}" cannot be triggered: add trigger() to its definition`, 'E_USAGE');
  if (requestId !== undefined && !isRequestId(requestId)) {
    return fail(400, 'requestId must match [A-Za-z0-9_-]{1,64}', 'E_USAGE');
  }
  const id = requestId ?? newRequestId();
  if (batch !== undefined) {
    if (input !== undefined) return fail(400, 'send either input or batch, not both', 'E_USAGE');
    if (requestId === undefined) return fail(400, 'a batch needs requestId (the batch id)', 'E_USAGE');
    let members;
    try {
      members = decodeMembers(JSON.stringify(batch));
    } catch (err) {
      return fail(400, (err as Error).message, 'E_INPUT');
    }
    void ctx.runner.run({ job, requestId: id, batch: members, trigger: 'trigger' });
    return json(202, { job, requestId: id });
  }
  if (input !== undefined && new TextEncoder().encode(JSON.stringify(input)).length > MAX_INPUT_BYTES) {
    return fail(413, `input is larger than ${MAX_INPUT_BYTES} bytes of JSON`, 'E_INPUT_TOO_LARGE');
  }
  void ctx.runner.run({ job, requestId: id, input, trigger: 'trigger' });
  return json(202, { job, requestId: id });
}

/** Starts every schedule of the manifest once now. */
export function fireAllSchedules(ctx: Pick<JobRouteContext, 'manifest' | 'runner'>): { request: RunRequest; done: Promise<RunRecord> }[] {
  const started = [];
  for (const job of Object.values(ctx.manifest().jobs)) {
    for (const cron of job.schedules) {
      const request: RunRequest = { job: job.name, requestId: newRequestId({ tag: 'tick-' }), trigger: 'schedule', schedule: cron };
      started.push({ request, done: ctx.runner.run(request) });
    }
  }
  return started;
}

/** `POST /api/tick[?wait=1]` → fires every schedule once now; 202 `{ runs }` (200 with statuses when waiting). */
export async function tickRoute(req: Request, url: URL, ctx: JobRouteContext): Promise<Response> {
  const denied = authorise(req, ctx);
  if (denied) return denied;
  const started = fireAllSchedules(ctx);
  const runs = started.map(({ request }) => ({ job: request.job, cron: request.schedule, requestId: request.requestId }));
  if (url.searchParams.get('wait') !== '1') return json(202, { runs });
  const records = await Promise.all(started.map((s) => s.done));
  return json(200, { runs: records.map((r) => ({ job: r.job, cron: r.schedule, requestId: r.requestId, status: r.status })) });
}
