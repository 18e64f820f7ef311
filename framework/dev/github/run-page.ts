/**
 * The run page the double's `html_url` points at (`/{owner}/{repo}/actions/runs/{id}`), so the URL
 * `gfa trigger` prints and an error names opens: the run's workflow, event, status, conclusion and its
 * step log, as plain text in a minimal page. A public repository's run page is public on GitHub; the
 * double serves it for public repositories only. Not GitHub's page, only what a user needs from it.
 */
import type { GithubState } from './state.ts';

const escape = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The page, or undefined when `path` is not a run page of a public repository's run. */
export function runPage(state: GithubState, path: string): { status: number; body: string } | undefined {
  const m = /^\/([^/]+)\/([^/]+)\/actions\/runs\/(\d+)\/?$/.exec(path);
  if (!m) return undefined;
  const repo = state.repos.get(`${m[1]}/${m[2]}`.toLowerCase());
  const run = repo?.visibility === 'public' ? repo.runs.find((r) => String(r.id) === m[3]) : undefined;
  if (!repo || !run) return { status: 404, body: '<!doctype html><title>Not Found</title><p>Not Found</p>' };
  const state_ = run.status === 'completed' ? `completed: ${run.conclusion ?? 'unknown'}` : run.status;
  const title = `${run.path.split('/').pop()} · run ${run.id}`;
  return {
    status: 200,
    body: `<!doctype html><meta charset="utf-8"><title>${escape(title)}</title><h1>${escape(title)}</h1>`
      + `<p>${escape(`${repo.owner}/${repo.name} · ${run.event} on ${run.headBranch} · ${state_} · created ${run.createdAt}, updated ${run.updatedAt}`)}</p>`
      + `<pre>${escape(run.log)}</pre><p>This is the GitHub double of gfa dev, not GitHub.</p>`,
  };
}
