/**
 * Actions endpoints of the GitHub emulator (a test double): workflows, dispatches, runs, secrets and the
 * repository's Actions permission. Docs: https://docs.github.com/en/rest/actions/workflows,
 * https://docs.github.com/en/rest/actions/workflow-runs, https://docs.github.com/en/rest/actions/secrets,
 * https://docs.github.com/en/rest/actions/permissions
 */
import { parse } from 'yaml';
import { getSodium } from '../../crypto/sodium.ts';
import { jsonBody, need, workflowId, type Route, type RouteContext } from './context.ts';
import { entryAt, listTree, readBlob, resolveCommit } from './repo-git.ts';
import { ghEmpty, ghError, ghJson, paginate } from './respond.ts';
import { workflow, workflowRun } from './shapes.ts';
import { readWorkflow, workflowName } from './run-title.ts';
import { filterRuns } from './run-filters.ts';
import type { Repo } from './state.ts';
import { ghTime } from './time.ts';
import { readSealedSecret } from './sealed-secret.ts';

/** The workflow files (`*.yml`, `*.yaml`) under `.github/workflows` at the default branch's head. */
export async function workflowFiles(repo: Repo): Promise<string[]> {
  const head = await resolveCommit(repo.dir, repo.defaultBranch);
  if (!head) return [];
  const entries = (await listTree(repo.dir, head, false, '.github/workflows')) ?? [];
  return entries.filter((e) => e.type === 'blob' && /\.ya?ml$/.test(e.path)).map((e) => e.path.split('/').pop()!);
}

/** The workflow file whose name or numeric id is `id`. */
export async function findWorkflow(repo: Repo, id: string): Promise<string | undefined> {
  const files = await workflowFiles(repo);
  return files.find((f) => f === id || String(workflowId(f)) === id);
}

/** The `workflow` object of `file`, named by its `name:` at the default branch's head. */
export async function workflowJson(o: RouteContext['origins'], repo: Repo, file: string): Promise<Record<string, unknown>> {
  const head = await resolveCommit(repo.dir, repo.defaultBranch);
  const path = `.github/workflows/${file}`;
  return workflow(o, repo, file, workflowId(file), workflowName(head ? await readWorkflow(repo, head, path) : undefined, path));
}

/** `GET /repos/{o}/{r}/actions/permissions` */
export const actionsPermissions: Route = (req, _m, ctx, repo) =>
  need(ctx, repo, 'administration', 'read') ?? ghJson(req, 200, { enabled: repo.actionsEnabled, allowed_actions: 'all', sha_pinning_required: false });

/** `GET /repos/{o}/{r}/actions/workflows` */
export const listWorkflows: Route = async (req, _m, ctx, repo) => {
  const denied = need(ctx, repo, 'actions', 'read');
  if (denied) return denied;
  const all = await Promise.all((await workflowFiles(repo)).map((f) => workflowJson(ctx.origins, repo, f)));
  const { page, link } = paginate(req, all);
  return ghJson(req, 200, { total_count: all.length, workflows: page }, link ? { link } : {});
};

/** `GET /repos/{o}/{r}/actions/workflows/{id}` */
export const getWorkflow: Route = async (req, m, ctx, repo) => {
  const denied = need(ctx, repo, 'actions', 'read');
  if (denied) return denied;
  const file = await findWorkflow(repo, decodeURIComponent(m[1]!));
  return file ? ghJson(req, 200, await workflowJson(ctx.origins, repo, file)) : ghError(404, 'Not Found');
};

/**
 * `POST .../workflows/{id}/dispatches`: Actions: write; the workflow file is read at `ref` and must
 * declare `workflow_dispatch`; inputs it does not declare are refused (422, "Unexpected inputs
 * provided"); ≤ 25 inputs. With `return_run_details: true` 200 and the run's ids, else 204.
 * The 422 texts for disabled Actions/workflows are UNVERIFIED wording.
 */
export const dispatch: Route = async (req, m, ctx, repo) => {
  const denied = need(ctx, repo, 'actions', 'write');
  if (denied) return denied;
  const file = await findWorkflow(repo, decodeURIComponent(m[1]!));
  if (!file) return ghError(404, 'Not Found');
  const body = await jsonBody(req);
  if (!body || typeof body.ref !== 'string') return ghError(422, 'Invalid request.\n\n"ref" wasn\'t supplied.');
  // A GitHub Enterprise Server release whose description lacks the field refuses it as an unknown
  // key (run-details.ts in the adapters; the wording follows GitHub's schema errors, UNVERIFIED).
  if (ctx.state.ghesVersion !== undefined && 'return_run_details' in body) return ghError(422, 'Invalid request.\n\n"return_run_details" is not a permitted key.');
  const inputs = (body.inputs ?? {}) as Record<string, unknown>;
  if (typeof inputs !== 'object' || Object.keys(inputs).length > 25) return ghError(422, 'Invalid request.\n\nNo more than 25 properties are allowed; too many inputs.');
  const ref = body.ref.replace(/^refs\/heads\//, '');
  const sha = await resolveCommit(repo.dir, ref);
  if (!sha) return ghError(422, `No ref found for: ${body.ref}`);
  if (!repo.actionsEnabled) return ghError(422, 'Actions has been disabled for this repository.');
  if ((repo.workflowStates.get(file) ?? 'active') !== 'active') return ghError(422, `Cannot trigger a 'workflow_dispatch' on a disabled workflow`);
  const entry = await entryAt(repo.dir, sha, `.github/workflows/${file}`);
  const wf = entry ? (parse((await readBlob(repo.dir, entry.sha)).toString('utf8')) as { on?: Record<string, { inputs?: Record<string, unknown> } | null> }) : undefined;
  if (!wf?.on || !Object.hasOwn(wf.on, 'workflow_dispatch')) return ghError(422, "Workflow does not have 'workflow_dispatch' trigger");
  const declared = Object.keys(wf.on.workflow_dispatch?.inputs ?? {});
  const unexpected = Object.keys(inputs).filter((k) => !declared.includes(k));
  if (unexpected.length) return ghError(422, `Unexpected inputs provided: ${JSON.stringify(unexpected)}`);
  for (const v of Object.values(inputs)) if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') return ghError(422, 'Invalid request.\n\nInput values must be strings, numbers or booleans.');
  const payload = { inputs, ref: `refs/heads/${ref}`, repository: { full_name: `${repo.owner}/${repo.name}`, is_template: repo.isTemplate, default_branch: repo.defaultBranch }, workflow: `.github/workflows/${file}` };
  const runId = await ctx.startRun(repo, file, 'workflow_dispatch', payload, ref);
  if (body.return_run_details !== true) return ghEmpty(204);
  return ghJson(req, 200, { workflow_run_id: runId, run_url: `${ctx.origins.api}/repos/${repo.owner}/${repo.name}/actions/runs/${runId}`, html_url: `${ctx.origins.web}/${repo.owner}/${repo.name}/actions/runs/${runId}` });
};

/** `GET .../workflows/{id}/runs` (the filters of run-filters.ts, newest first). */
export const listRuns: Route = async (req, m, ctx, repo) => {
  const denied = need(ctx, repo, 'actions', 'read');
  if (denied) return denied;
  const file = await findWorkflow(repo, decodeURIComponent(m[1]!));
  if (!file) return ghError(404, 'Not Found');
  const q = new URL(req.url).searchParams;
  const runs = filterRuns(repo.runs.filter((r) => r.path === `.github/workflows/${file}`), q).map((r) => workflowRun(ctx.origins, repo, r, workflowId(file)));
  const { page, link } = paginate(req, runs);
  return ghJson(req, 200, { total_count: runs.length, workflow_runs: page }, link ? { link } : {});
};

/** `GET .../actions/runs/{id}` */
export const getRun: Route = (req, m, ctx, repo) => {
  const denied = need(ctx, repo, 'actions', 'read');
  if (denied) return denied;
  const run = repo.runs.find((r) => String(r.id) === m[1]);
  return run ? ghJson(req, 200, workflowRun(ctx.origins, repo, run, workflowId(run.path.split('/').pop()!)), {}, run.updatedAt) : ghError(404, 'Not Found');
};

/**
 * `POST .../actions/runs/{id}/cancel` (Actions: write): 202 `{}` and the run stops (a queued one
 * never starts, a running one has its step killed) and completes as `cancelled`; 409 when it has
 * already completed (https://docs.github.com/en/rest/actions/workflow-runs#cancel-a-workflow-run;
 * the 409 text is UNVERIFIED wording).
 */
export const cancelRun: Route = (req, m, ctx, repo) => {
  const denied = need(ctx, repo, 'actions', 'write');
  if (denied) return denied;
  const run = repo.runs.find((r) => String(r.id) === m[1]);
  if (!run) return ghError(404, 'Not Found');
  if (!ctx.cancelRun(run)) return ghError(409, 'Cannot cancel a workflow run that is completed.');
  return ghJson(req, 202, {});
};

/** `GET .../actions/secrets/public-key` */
export const secretsKey: Route = async (req, _m, ctx, repo) => {
  const denied = need(ctx, repo, 'secrets', 'read');
  if (denied) return denied;
  const sodium = await getSodium();
  return ghJson(req, 200, { key_id: ctx.state.boxKey.keyId, key: sodium.to_base64(ctx.state.boxKey.publicKey, sodium.base64_variants.ORIGINAL) });
};

/** `GET .../actions/secrets/{name}`: names and dates only, never values. */
export const getSecret: Route = (req, m, ctx, repo) => {
  const denied = need(ctx, repo, 'secrets', 'read');
  if (denied) return denied;
  const s = repo.secrets.get(m[1]!.toUpperCase());
  return s ? ghJson(req, 200, { name: m[1]!.toUpperCase(), created_at: s.createdAt, updated_at: s.updatedAt }) : ghError(404, 'Not Found');
};

/**
 * `PUT .../actions/secrets/{name}` `{encrypted_value, key_id}`: the value must open with the
 * repository key (`crypto_box_seal_open`), as GitHub decrypts it; 201 created, 204 updated.
 */
export const putSecret: Route = async (req, m, ctx, repo) => {
  const denied = need(ctx, repo, 'secrets', 'write');
  if (denied) return denied;
  const read = await readSealedSecret(req, ctx, m[1]!, 'repository');
  if (read instanceof Response) return read;
  const { name, value } = read;
  const now = ghTime();
  const old = repo.secrets.get(name);
  repo.secrets.set(name, { value, createdAt: old?.createdAt ?? now, updatedAt: now });
  return old ? ghEmpty(204) : new Response(JSON.stringify({}), { status: 201, headers: { 'content-type': 'application/json; charset=utf-8' } });
};

/** Route table rows for Actions, matched against the path after `/repos/{o}/{r}`. */
export const ACTIONS_ROUTES: [string, RegExp, Route][] = [
  ['GET', /^\/actions\/permissions$/, actionsPermissions],
  ['GET', /^\/actions\/workflows$/, listWorkflows],
  ['GET', /^\/actions\/workflows\/([^/]+)$/, getWorkflow],
  ['POST', /^\/actions\/workflows\/([^/]+)\/dispatches$/, dispatch],
  ['GET', /^\/actions\/workflows\/([^/]+)\/runs$/, listRuns],
  ['GET', /^\/actions\/runs\/(\d+)$/, getRun],
  ['POST', /^\/actions\/runs\/(\d+)\/cancel$/, cancelRun],
  ['GET', /^\/actions\/secrets\/public-key$/, secretsKey],
  ['GET', /^\/actions\/secrets\/([A-Za-z0-9_]+)$/, getSecret],
  ['PUT', /^\/actions\/secrets\/([A-Za-z0-9_]+)$/, putSecret],
];

export type { RouteContext };
