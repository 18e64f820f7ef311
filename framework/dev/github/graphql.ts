/**
 * The GitHub double's GraphQL endpoint (a test double, not GitHub): GitHub Enterprise Server serves
 * GraphQL at `POST /api/graphql` (https://docs.github.com/en/enterprise-server@3.19/graphql/guides/forming-calls-with-graphql#the-graphql-endpoint),
 * `{ query, variables }` in, `{ data, errors }` out, with the same bearer token as REST. Only what
 * `gh` 2.23 asks for the commands gfa's users run is modelled (`gh workflow run` without `--ref` asks
 * the default branch, `gh run watch` and `gh run view` look for a pull request of the run's branch,
 * `gh repo view` reads name, owner and description; cli/cli v2.23.0 `api/queries_repo.go`,
 * `pkg/cmd/run/shared/shared.go`): `repository(owner, name)` and `viewer`. A repository the caller
 * cannot see is `null` with a `NOT_FOUND` error ("Could not resolve to a Repository with the name
 * 'o/r'."), as GitHub answers (https://docs.github.com/en/graphql/guides/forming-calls-with-graphql).
 * Any other field is refused by the executor (graphql-exec.ts).
 */
import { allows } from './state.ts';
import type { GithubState, Repo, Token } from './state.ts';
import { execute, GqlFieldError, type Resolvers } from './graphql-exec.ts';
import { resolveCommit } from './repo-git.ts';
import { ghError } from './respond.ts';
import type { Origins } from './shapes.ts';

type Obj = Record<string, any>;

function repoNode(o: Origins, repo: Repo, token: Token | undefined, head: string | undefined): Obj {
  const permission = !token ? 'READ' : allows(token, repo, 'administration', 'write') ? 'ADMIN' : allows(token, repo, 'contents', 'write') ? 'WRITE' : 'READ';
  const owner = { __typename: 'User', id: `U_${repo.owner}`, login: repo.owner, url: `${o.web}/${repo.owner}` };
  return {
    __typename: 'Repository', id: `R_${repo.id}`, name: repo.name, nameWithOwner: `${repo.owner}/${repo.name}`, owner, description: null,
    url: `${o.web}/${repo.owner}/${repo.name}`, isPrivate: repo.visibility === 'private', visibility: repo.visibility.toUpperCase(),
    isFork: false, isArchived: false, isTemplate: repo.isTemplate, createdAt: repo.createdAt, pushedAt: repo.pushedAt, updatedAt: repo.pushedAt,
    hasIssuesEnabled: true, hasWikiEnabled: false, hasProjectsEnabled: false, homepageUrl: null, viewerPermission: permission,
    mergeCommitAllowed: true, rebaseMergeAllowed: true, squashMergeAllowed: true, stargazerCount: 0, forkCount: 0,
    defaultBranchRef: head ? { __typename: 'Ref', name: repo.defaultBranch, target: { __typename: 'Commit', oid: head } } : null,
    parent: null, templateRepository: null,
  };
}

const plain = (...names: string[]) => Object.fromEntries(names.map((n) => [n, (obj: Obj) => obj[n]]));

const RESOLVERS: Resolvers = {
  Repository: {
    ...plain('id', 'name', 'nameWithOwner', 'owner', 'description', 'url', 'isPrivate', 'visibility', 'isFork', 'isArchived', 'isTemplate', 'createdAt', 'pushedAt',
      'updatedAt', 'hasIssuesEnabled', 'hasWikiEnabled', 'hasProjectsEnabled', 'homepageUrl', 'viewerPermission', 'mergeCommitAllowed', 'rebaseMergeAllowed',
      'squashMergeAllowed', 'stargazerCount', 'forkCount', 'defaultBranchRef', 'parent', 'templateRepository'),
    // The double has no pull requests.
    pullRequests: () => ({ __typename: 'PullRequestConnection', nodes: [], totalCount: 0 }),
  },
  User: plain('id', 'login', 'url', 'name'),
  Ref: plain('name', 'target'),
  Commit: plain('oid'),
  PullRequestConnection: plain('nodes', 'totalCount'),
};

/** `POST /api/graphql` */
export async function graphql(req: Request, state: GithubState, origins: Origins): Promise<Response> {
  if (req.method !== 'POST') return ghError(404, 'Not Found');
  const raw = /^(?:bearer|token)\s+(\S+)$/i.exec(req.headers.get('authorization') ?? '')?.[1];
  const token = raw === undefined ? undefined : state.tokens.get(raw);
  // "You must authenticate to use the GraphQL API" (anonymous calls are refused, unlike REST).
  if (!token) return Response.json({ message: raw ? 'Bad credentials' : 'This endpoint requires you to be authenticated.', documentation_url: 'https://docs.github.com/graphql/guides/forming-calls-with-graphql#authenticating-with-graphql' }, { status: 401 });
  let body: { query?: unknown; variables?: unknown };
  try {
    body = (await req.json()) as typeof body;
  } catch {
    return Response.json({ message: 'Problems parsing JSON', documentation_url: 'https://docs.github.com/graphql' }, { status: 400 });
  }
  if (typeof body.query !== 'string') return Response.json({ errors: [{ message: 'A query attribute must be specified and must be a string.' }] });
  const heads = new Map<Repo, string | undefined>();
  for (const repo of state.repos.values()) heads.set(repo, await resolveCommit(repo.dir, repo.defaultBranch));
  const root = {
    __typename: 'Query',
    viewer: { __typename: 'User', id: `U_${token.login}`, login: token.login, url: `${origins.web}/${token.login}`, name: token.login },
  };
  const resolvers: Resolvers = {
    ...RESOLVERS,
    Query: {
      viewer: (obj) => obj.viewer,
      repository: (_obj, args) => {
        const repo = state.repos.get(`${String(args.owner)}/${String(args.name)}`.toLowerCase());
        if (!repo || !allows(token, repo, 'metadata', 'read')) return new GqlFieldError(`Could not resolve to a Repository with the name '${String(args.owner)}/${String(args.name)}'.`, 'NOT_FOUND');
        return repoNode(origins, repo, token, heads.get(repo));
      },
    },
  };
  const variables = typeof body.variables === 'object' && body.variables !== null ? (body.variables as Record<string, unknown>) : {};
  return Response.json(execute(resolvers, root, body.query, variables), { headers: { 'content-type': 'application/json; charset=utf-8' } });
}
