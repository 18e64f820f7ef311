/**
 * The JSON objects the GitHub emulator returns, with every field GitHub's OpenAPI description
 * (@octokit/openapi, `components/schemas`) marks required: simple-user, full-repository,
 * minimal-repository, workflow, workflow-run. The tests validate each answer against that description.
 */
import type { Repo, Run } from './state.ts';

/** Where the emulator lives: `web` for html_url links, `api` for url fields, `pages` for Pages sites (its own origin, as OWNER.github.io is not api.github.com). */
export interface Origins {
  web: string;
  api: string;
  pages: string;
}

/** A `simple-user`. */
export function user(o: Origins, login: string, id = 1): Record<string, unknown> {
  const url = `${o.api}/users/${login}`;
  return {
    login, id, node_id: `U_${id}`, avatar_url: `${o.web}/${login}.png`, gravatar_id: '', url, html_url: `${o.web}/${login}`,
    followers_url: `${url}/followers`, following_url: `${url}/following{/other_user}`, gists_url: `${url}/gists{/gist_id}`,
    starred_url: `${url}/starred{/owner}{/repo}`, subscriptions_url: `${url}/subscriptions`, organizations_url: `${url}/orgs`,
    repos_url: `${url}/repos`, events_url: `${url}/events{/privacy}`, received_events_url: `${url}/received_events`,
    type: 'User', site_admin: false,
  };
}

const URL_FIELDS: Record<string, string> = {
  archive_url: '/{archive_format}{/ref}', assignees_url: '/assignees{/user}', blobs_url: '/git/blobs{/sha}', branches_url: '/branches{/branch}',
  collaborators_url: '/collaborators{/collaborator}', comments_url: '/comments{/number}', commits_url: '/commits{/sha}',
  compare_url: '/compare/{base}...{head}', contents_url: '/contents/{+path}', contributors_url: '/contributors', deployments_url: '/deployments',
  downloads_url: '/downloads', events_url: '/events', forks_url: '/forks', git_commits_url: '/git/commits{/sha}', git_refs_url: '/git/refs{/sha}',
  git_tags_url: '/git/tags{/sha}', hooks_url: '/hooks', issue_comment_url: '/issues/comments{/number}', issue_events_url: '/issues/events{/number}',
  issues_url: '/issues{/number}', keys_url: '/keys{/key_id}', labels_url: '/labels{/name}', languages_url: '/languages', merges_url: '/merges',
  milestones_url: '/milestones{/number}', notifications_url: '/notifications{?since,all,participating}', pulls_url: '/pulls{/number}',
  releases_url: '/releases{/id}', stargazers_url: '/stargazers', statuses_url: '/statuses/{sha}', subscribers_url: '/subscribers',
  subscription_url: '/subscription', tags_url: '/tags', teams_url: '/teams', trees_url: '/git/trees{/sha}',
};

/** A `minimal-repository`. */
export function minimalRepository(o: Origins, r: Repo): Record<string, unknown> {
  const url = `${o.api}/repos/${r.owner}/${r.name}`;
  const out: Record<string, unknown> = {
    id: r.id, node_id: `R_${r.id}`, name: r.name, full_name: `${r.owner}/${r.name}`, owner: user(o, r.owner), private: r.visibility === 'private',
    html_url: `${o.web}/${r.owner}/${r.name}`, description: null, fork: r.fork ?? false, url,
  };
  for (const [k, v] of Object.entries(URL_FIELDS)) out[k] = `${url}${v}`;
  return out;
}

/** A `full-repository`, as `GET /repos/{owner}/{repo}` answers; `permissions` for the caller. */
export function fullRepository(o: Origins, r: Repo, permissions?: { admin: boolean; push: boolean; pull: boolean }): Record<string, unknown> {
  return {
    ...minimalRepository(o, r),
    clone_url: `${o.web}/${r.owner}/${r.name}.git`, git_url: `git://127.0.0.1/${r.owner}/${r.name}.git`, ssh_url: `git@127.0.0.1:${r.owner}/${r.name}.git`,
    svn_url: `${o.web}/${r.owner}/${r.name}`, mirror_url: null, homepage: null, language: 'TypeScript', forks: 0, forks_count: 0,
    stargazers_count: 0, watchers_count: 0, watchers: 0, size: 1, default_branch: r.defaultBranch, open_issues: 0, open_issues_count: 0,
    is_template: r.isTemplate, has_issues: true, has_projects: false, has_wiki: false, has_pages: r.pages !== undefined, has_discussions: false,
    archived: false, disabled: false, visibility: r.visibility, pushed_at: r.pushedAt, created_at: r.createdAt, updated_at: r.pushedAt,
    license: null, network_count: 0, subscribers_count: 0, ...(permissions ? { permissions } : {}),
  };
}

/** A `workflow`; `name` is the workflow's `name:` (run-title.ts), the path when it has none. */
export function workflow(o: Origins, r: Repo, file: string, id: number, name?: string): Record<string, unknown> {
  const path = `.github/workflows/${file}`;
  return {
    id, node_id: `W_${id}`, name: name ?? path, path, state: r.workflowStates.get(file) ?? 'active',
    created_at: r.createdAt, updated_at: r.pushedAt, url: `${o.api}/repos/${r.owner}/${r.name}/actions/workflows/${id}`,
    html_url: `${o.web}/${r.owner}/${r.name}/blob/${r.defaultBranch}/${path}`, badge_url: `${o.web}/${r.owner}/${r.name}/workflows/${file}/badge.svg`,
  };
}

/** A `workflow-run`. */
export function workflowRun(o: Origins, r: Repo, run: Run, workflowId: number): Record<string, unknown> {
  const url = `${o.api}/repos/${r.owner}/${r.name}/actions/runs/${run.id}`;
  const repo = minimalRepository(o, r);
  return {
    id: run.id, name: run.name ?? run.path, node_id: `WFR_${run.id}`, head_branch: run.headBranch, head_sha: run.headSha, path: run.path,
    display_title: run.displayTitle ?? run.name ?? run.path, run_number: run.runNumber, run_attempt: 1, event: run.event, status: run.status,
    conclusion: run.conclusion, workflow_id: workflowId, url, html_url: `${o.web}/${r.owner}/${r.name}/actions/runs/${run.id}`,
    pull_requests: [], created_at: run.createdAt, updated_at: run.updatedAt, run_started_at: run.startedAt ?? run.createdAt,
    jobs_url: `${url}/jobs`, logs_url: `${url}/logs`, check_suite_url: `${o.api}/repos/${r.owner}/${r.name}/check-suites/${run.id}`,
    artifacts_url: `${url}/artifacts`, cancel_url: `${url}/cancel`, rerun_url: `${url}/rerun`,
    workflow_url: `${o.api}/repos/${r.owner}/${r.name}/actions/workflows/${workflowId}`,
    head_commit: run.headCommit
      ? { id: run.headSha, tree_id: run.headCommit.treeId, message: run.headCommit.message, timestamp: run.headCommit.timestamp, author: run.headCommit.author, committer: run.headCommit.committer }
      : { id: run.headSha, tree_id: run.headSha, message: '', timestamp: run.createdAt, author: null, committer: null },
    repository: repo, head_repository: repo,
  };
}
