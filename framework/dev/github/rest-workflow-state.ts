/**
 * Enabling and disabling a workflow in the GitHub double (a test double, not GitHub):
 * `PUT /actions/workflows/{id}/enable` sets it `active` (also a workflow disabled for inactivity, which
 * is how keep-alive tools restart schedules after GitHub's 60-day rule), `PUT .../disable` sets it
 * `disabled_manually`; enabling restarts the workflow's 60-day count (inactivity.ts); both answer `204` and need Actions: write
 * (https://docs.github.com/en/rest/actions/workflows#enable-a-workflow,
 * https://docs.github.com/en/rest/actions/workflows#disable-a-workflow).
 */
import { systemClock } from '../clock.ts';
import { need, type Route } from './context.ts';
import { recordEnable } from './inactivity.ts';
import { findWorkflow } from './rest-actions.ts';
import { ghEmpty, ghError } from './respond.ts';

const setState = (state: 'active' | 'disabled_manually'): Route => async (_req, m, ctx, repo) => {
  const denied = need(ctx, repo, 'actions', 'write');
  if (denied) return denied;
  const file = await findWorkflow(repo, decodeURIComponent(m[1]!));
  if (!file) return ghError(404, 'Not Found');
  if (state === 'active') {
    repo.workflowStates.delete(file);
    recordEnable(repo, file, (ctx.clock ?? systemClock).now());
  }
  else repo.workflowStates.set(file, state);
  return ghEmpty(204);
};

/** Route rows, matched against the path after `/repos/{o}/{r}`. */
export const WORKFLOW_STATE_ROUTES: [string, RegExp, Route][] = [
  ['PUT', /^\/actions\/workflows\/([^/]+)\/enable$/, setState('active')],
  ['PUT', /^\/actions\/workflows\/([^/]+)\/disable$/, setState('disabled_manually')],
];
