/**
 * Enabling and disabling a workflow on the GitHub emulator (a test double, not GitHub):
 * `PUT /repos/{o}/{r}/actions/workflows/{workflow_id}/disable` sets the workflow's `state` to
 * `disabled_manually`, `.../enable` to `active`; both answer 204 with no body and need Actions: write
 * (https://docs.github.com/rest/actions/workflows#disable-a-workflow, #enable-a-workflow; the id may be
 * the file name). A disabled workflow starts no run, scheduled or dispatched (runs.ts, rest-actions.ts):
 * "Disabling a workflow allows you to stop a workflow from being triggered"
 * (https://docs.github.com/actions/managing-workflow-runs/disabling-and-enabling-a-workflow).
 */
import { need, type Route } from './context.ts';
import { findWorkflow } from './rest-actions.ts';
import { ghEmpty, ghError } from './respond.ts';
import type { WorkflowState } from './state.ts';

const setState = (state: WorkflowState): Route => async (_req, m, ctx, repo) => {
  const denied = need(ctx, repo, 'actions', 'write');
  if (denied) return denied;
  const file = await findWorkflow(repo, decodeURIComponent(m[1]!));
  if (!file) return ghError(404, 'Not Found');
  if (state === 'active') repo.workflowStates.delete(file);
  else repo.workflowStates.set(file, state);
  return ghEmpty(204);
};

/** Route table rows, matched against the path after `/repos/{o}/{r}`. */
export const WORKFLOW_STATE_ROUTES: [string, RegExp, Route][] = [
  ['PUT', /^\/actions\/workflows\/([^/]+)\/disable$/, setState('disabled_manually')],
  ['PUT', /^\/actions\/workflows\/([^/]+)\/enable$/, setState('active')],
];
