/**
 * What a run is called, after GitHub's workflow syntax (a test double, not GitHub):
 * - a workflow's `name` is its `name:`; "If you omit name, GitHub displays the workflow file path
 *   relative to the root of the repository"
 *   (https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#name);
 *   a run's `name` is its workflow's;
 * - a run's `display_title` is the workflow's `run-name:`, whose expressions may use the `github` and
 *   `inputs` contexts; "If run-name is omitted or is only whitespace, then the run name is set to
 *   event-specific information for the workflow run. For example, for a workflow triggered by a push
 *   or pull_request event, it is set as the commit message or the title of the pull request"
 *   (same page, #run-name). For other events (dispatch, schedule) the double uses the workflow's name,
 *   as GitHub's run list shows (UNVERIFIED: the docs give only the push and pull_request examples);
 * - `head_commit` is the head commit: its tree SHA, message, time, author and committer
 *   (OpenAPI `simple-commit`, @octokit/openapi).
 */
import { parse } from 'yaml';
import { substitute } from './actions-sim.ts';
import { entryAt, readBlob, readCommitObject } from './repo-git.ts';
import type { Repo, Run } from './state.ts';

type Obj = Record<string, any>;

/** The workflow's display name: its `name:`, else its path. */
export function workflowName(doc: Obj | undefined, path: string): string {
  const name = doc?.name;
  return typeof name === 'string' && name.trim() !== '' ? name : path;
}

/** The workflow file of `path` at `commit`, parsed; undefined when absent or not YAML. */
export async function readWorkflow(repo: Repo, commit: string, path: string): Promise<Obj | undefined> {
  const entry = await entryAt(repo.dir, commit, path);
  if (!entry) return undefined;
  try {
    const doc = parse((await readBlob(repo.dir, entry.sha)).toString('utf8')) as unknown;
    return typeof doc === 'object' && doc !== null ? (doc as Obj) : undefined;
  } catch {
    return undefined;
  }
}

/** Fills in `run`'s name, display title and head commit, from the workflow at its head. */
export async function describeRun(repo: Repo, run: Run, payload: Obj): Promise<void> {
  const doc = await readWorkflow(repo, run.headSha, run.path);
  run.name = workflowName(doc, run.path);
  const c = await readCommitObject(repo.dir, run.headSha);
  let title = '';
  if (typeof doc?.['run-name'] === 'string') {
    const github = { event: payload, event_name: run.event, ref: `refs/heads/${run.headBranch}`, ref_name: run.headBranch, repository: `${repo.owner}/${repo.name}`, sha: run.headSha, actor: 'owner' };
    try {
      title = substitute(doc['run-name'], { github, inputs: run.event === 'workflow_dispatch' ? (payload.inputs ?? {}) : {} }).trim();
    } catch {
      title = '';
    }
  }
  if (title === '' && run.event === 'push') title = (c?.message ?? '').split('\n')[0] ?? '';
  run.displayTitle = title || run.name;
  if (c) run.headCommit = { treeId: c.tree, message: c.message.replace(/\n$/, ''), timestamp: c.committer.date, author: { name: c.author.name, email: c.author.email }, committer: { name: c.committer.name, email: c.committer.email } };
}
