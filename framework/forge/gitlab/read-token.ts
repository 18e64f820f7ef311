/**
 * What `gfa deploy` tells the owner of a private or internal project that has no read token for the
 * page (GITLAB_READ_TOKEN). The page reads the data branch through the REST API, so it needs a token
 * with `read_api` + `read_repository` (deploy tokens reach git and registries only, not the API).
 * A project access token is the narrow one, but on GitLab.com it needs a Premium or Ultimate
 * subscription (one token during a trial); on self-managed and Dedicated any license has it
 * (https://docs.gitlab.com/user/project/settings/project_access_tokens/, read 2026-12-07). GitLab.com
 * reports a namespace's `plan` (`GET /namespaces/:id`), `free` on the Free tier.
 */
import type { GitlabApi } from './api.ts';
import type { ProjectFields } from './project.ts';

/** The namespace's GitLab.com plan (`free`, `premium`, `ultimate`, `*_trial`), or undefined (self-managed, or not readable). */
export async function namespacePlan(gl: GitlabApi, p: ProjectFields): Promise<string | undefined> {
  if (!p.namespace) return undefined;
  const ns = await gl.read('reading the namespace', () => gl.api.Namespaces.show(String(p.namespace!.id)) as Promise<{ plan?: string }>, true).catch(() => undefined);
  return typeof ns?.plan === 'string' ? ns.plan : undefined;
}

/** The one line saying what read token works for this project, given its namespace's plan. */
export function readTokenAdvice(project: string, visibility: string, plan: string | undefined): string {
  const head = `${project} is ${visibility}: the page needs a read token (GITLAB_READ_TOKEN)`;
  if (plan === 'free') {
    return `${head}, and on GitLab.com's Free tier project access tokens are not available (Premium or Ultimate only): ` +
      'make the project public to use the page in a browser (the data branch stays encrypted), or set GITLAB_READ_TOKEN to a personal access token ' +
      '(read_api + read_repository) of a separate account that is a Reporter on this project only, since a personal token reads every project its account can';
  }
  const trial = plan !== undefined && plan.endsWith('_trial') ? ' (a trial allows one)' : '';
  return `${head}; create a project access token${trial} (Reporter, read_api + read_repository) and set GITLAB_READ_TOKEN`;
}
